// What the downloads say besides the figures: one row per figure for a spreadsheet (codes beside
// labels, the value a number, its flags in a column of their own), and the notes that go with it
// (title, unit, source, the date the figures stand for, a citation) for the CSV's sidecar text
// file, the XLSX notes sheet and the chart files.
import { LEGEND } from './flags.js';
import { formatDate, t, tOr } from './i18n.js';
import type { Cell, TableModel } from './model.js';
import type { ReportData } from './types.js';

export type Value = string | number | null;

/** The flags of a cell as letters (`p`, `b r`), `:` where there is no figure, `partial` for a withheld total. */
export function flagsText(cell: Cell): string {
  if (cell.kind === 'partial') return 'partial';
  const letters = cell.flags.map((f) => f.letter);
  if (cell.of && cell.value !== null && cell.of.counted < cell.of.members && !letters.includes('*')) letters.push('*');
  if (cell.value === null && letters.length === 0) letters.push(':');
  return letters.join(' ');
}

/** The table as a plain list: one row per figure, member and breakdown codes beside their labels. */
export function tableRows(table: TableModel, regionId: string): Value[][] {
  const axes = [...table.rowAxes, table.columnAxis];
  const period = axes.findIndex((a) => a.id === 'PERIOD');
  const coded = axes.map((a, i) => ({ axis: a, i })).filter((x) => x.axis.id !== 'PERIOD');
  const header = [
    t('col.memberCode'),
    t('col.member'),
    ...coded.flatMap(({ axis }) => [t('col.code', { dimension: axis.label }), axis.label]),
    t('col.period'),
    t('col.value'),
    t('col.flags'),
    t('col.previous'),
  ];
  const out: Value[][] = [header];
  const add = (code: string, name: string, keys: { id: string; name: string }[], cells: readonly Cell[]) => {
    table.columnAxis.codes.forEach((column, c) => {
      const codes = [...keys, column];
      const cell = cells[c]!;
      out.push([
        code,
        name,
        ...coded.flatMap(({ i }) => [codes[i]!.id, codes[i]!.name]),
        codes[period]!.id,
        cell.value,
        flagsText(cell),
        cell.previous ?? null,
      ]);
    });
  };
  for (const group of table.groups) for (const row of group.rows) add(group.member.iso3, group.member.name, row.keys, row.cells);
  for (const row of table.totals)
    add(regionId.toUpperCase(), tOr(`total.${table.totalsLabel}`, table.totalsLabel ?? ''), row.keys, row.cells);
  return out;
}

export interface ReportInfo {
  title: string;
  unit: string;
  regionName: string;
  secretariat: string;
  /** `YYYY-MM-DD` the figures stand for: the report's "as published on", or the day of the download. */
  asOf: string;
  /** Whether `asOf` was asked for (a cited vintage) rather than today's figures. */
  vintage: boolean;
  permalink: string;
  source: string;
  releases: string[];
}

export function reportInfo(
  data: ReportData,
  o: { title: string; regionName: string; secretariat: string; asOf: string; permalink: string },
): ReportInfo {
  const agencies = [...new Set(data.members.flatMap((m) => (m.metadata?.agency ? [`${m.name}: ${m.metadata.agency}`] : [])))];
  const releases = [
    ...new Set(
      data.members.flatMap((m) => (m.published ?? m.observations ?? []).map((x) => x.release).filter((r): r is string => Boolean(r))),
    ),
  ].sort();
  return {
    title: o.title,
    unit: tOr(`unit.${data.indicator.unit}`, data.indicator.unit.toLowerCase()),
    regionName: o.regionName,
    secretariat: o.secretariat,
    asOf: o.asOf || new Date().toISOString().slice(0, 10),
    vintage: Boolean(o.asOf),
    permalink: o.permalink,
    source: `${t('export.source', { code: data.indicator.code })}${agencies.length > 0 ? `; ${agencies.join('; ')}` : ''}`,
    releases,
  };
}

/** "As published on 2024-12-31" or "Figures as published on 2026-12-02 (the latest releases)". */
export function asOfLine(info: ReportInfo): string {
  return t(info.vintage ? 'export.asOf' : 'export.asOfLatest', { date: formatDate(info.asOf) });
}

export function citation(info: ReportInfo): string {
  return `${info.secretariat}. ${info.title}, ${info.regionName}. ${asOfLine(info)}. ${info.permalink}`;
}

/** The notes as label and text, in the order every download gives them. */
export function notes(info: ReportInfo): [string, string][] {
  return [
    [t('export.title'), info.title],
    [t('export.unit'), info.unit],
    [t('export.region'), info.regionName],
    [t('export.sourceLabel'), info.source],
    [t('export.asOfLabel'), asOfLine(info)],
    [t('export.releases'), info.releases.join('; ') || t('export.noReleases')],
    [t('export.citation'), citation(info)],
    [
      t('export.flags'),
      [...LEGEND.map((f) => `${f.letter} ${tOr(`legend.${f.letter}`, f.label)}`), t('export.incomplete'), t('export.partial')].join('; '),
    ],
  ];
}

/** The sidecar text file offered with the CSV. */
export function notesText(info: ReportInfo): string {
  return `${notes(info)
    .map(([label, text]) => `${label}: ${text}`)
    .join('\r\n')}\r\n`;
}
