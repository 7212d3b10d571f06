// Downloads of exactly what the table shows: a plain CSV, one row per figure (value and flags in
// columns of their own), and SDMX-CSV 1.0, which the publishing CLI reads back.
import { tableRows, type Value } from './exports.js';
import type { TableModel } from './model.js';
import { atFrequency } from './periods.js';
import type { ReportData } from './types.js';

/** The dataflow every SDMX-CSV download of migfed names (the import reads the same id). */
export const DATAFLOW = 'MIGFED:DF_MIGRATION(1.0)';

/**
 * One CSV field. Text that a spreadsheet would run as a formula (= + - @, or a leading tab or
 * carriage return) gets a leading apostrophe: member names and notes come from many sources.
 */
export function csvField(value: Value): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(rows: readonly Value[][]): string {
  return `${rows.map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}

/**
 * The table as a plain list for a spreadsheet (see `tableRows`), UTF-8 with a byte-order mark so
 * that Excel reads the names (Кыргызстан, Türkiye) right.
 */
export function tableCsv(table: TableModel, regionId: string): string {
  return `\uFEFF${toCsv(tableRows(table, regionId))}`;
}

/**
 * SDMX-CSV 1.0 of the members' figures in the table (every dimension of the indicator, `_T` where
 * the table does not break it down). Regional totals are derived, not published: they stay out.
 */
export function sdmxCsv(data: ReportData): string {
  const dims = data.indicator.dimensions.map((d) => d.id);
  const shown = new Set(data.breakdowns.map((b) => b.dimension.id));
  const codes = new Map(data.breakdowns.map((b) => [b.dimension.id, new Set(b.codes.map((c) => c.id))]));
  const periods = new Set(data.periods);
  const rows: Value[][] = [['DATAFLOW', 'REF_AREA', 'INDICATOR', ...dims, 'TIME_PERIOD', 'OBS_VALUE', 'OBS_STATUS', 'CONF_STATUS']];
  for (const member of data.members) {
    for (const o of member.published ?? member.observations ?? []) {
      const byDim = new Map(o.dimensions.map((d) => [d.dimension, d.code]));
      const inTable = dims.every((d) => (shown.has(d) ? codes.get(d)!.has(byDim.get(d) ?? '_T') : (byDim.get(d) ?? '_T') === '_T'));
      if (!inTable || !periods.has(data.aggregate ? atFrequency(o.period, data.aggregate, 'start') : o.period)) continue;
      rows.push([
        DATAFLOW,
        member.iso3,
        data.indicator.code,
        ...dims.map((d) => byDim.get(d) ?? '_T'),
        o.period,
        o.value,
        o.status,
        o.confidentiality,
      ]);
    }
  }
  return toCsv(rows);
}
