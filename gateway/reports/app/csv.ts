// Downloads of exactly what the table shows: a CSV laid out like the table (flags after the value,
// Eurostat style) and SDMX-CSV 1.0, one row per figure, which the publishing CLI reads back.
import type { Cell, TableModel } from './model.js';
import type { ReportData } from './types.js';

/** The dataflow every SDMX-CSV download of migfed names (the import reads the same id). */
export const DATAFLOW = 'MIGFED:DF_MIGRATION(1.0)';

type Value = string | number | null;

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

/** A cell as the CSV writes it: `1234 p`, `:`, `: c` or `: partial` (no thousands separators). */
export function cellText(cell: Cell): string {
  if (cell.kind === 'partial') return ': partial';
  const flags = cell.flags.map((f) => f.letter).join('');
  const value = cell.value === null ? ':' : String(cell.value);
  return flags ? `${value} ${flags}` : value;
}

/**
 * The table as shown: member code and name, the row breakdowns, then one column per table column;
 * and, for each table column with a revised value, a column of its own with the values published
 * before (`2024, previous value`), so a spreadsheet can compare them.
 */
export function tableCsv(table: TableModel, regionId: string): string {
  const revisedColumns = table.columnAxis.codes
    .map((_, i) => i)
    .filter((i) => table.groups.some((g) => g.rows.some((r) => r.cells[i]?.previous !== undefined)));
  const previous = (cells: readonly Cell[]) => revisedColumns.map((i) => cells[i]?.previous ?? null);
  const header = [
    'Code',
    'Member',
    ...table.rowAxes.map((a) => a.label),
    ...table.columnAxis.codes.map((c) => c.name),
    ...revisedColumns.map((i) => `${table.columnAxis.codes[i]!.name}, previous value`),
  ];
  const rows: Value[][] = [header];
  for (const group of table.groups) {
    for (const row of group.rows)
      rows.push([group.member.iso3, group.member.name, ...row.keys.map((k) => k.name), ...row.cells.map(cellText), ...previous(row.cells)]);
  }
  for (const row of table.totals)
    rows.push([
      regionId.toUpperCase(),
      table.totalsLabel,
      ...row.keys.map((k) => k.name),
      ...row.cells.map(cellText),
      ...revisedColumns.map(() => null),
    ]);
  return toCsv(rows);
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
    for (const o of member.observations ?? []) {
      const byDim = new Map(o.dimensions.map((d) => [d.dimension, d.code]));
      const inTable = dims.every((d) => (shown.has(d) ? codes.get(d)!.has(byDim.get(d) ?? '_T') : (byDim.get(d) ?? '_T') === '_T'));
      if (!inTable || !periods.has(o.period)) continue;
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
