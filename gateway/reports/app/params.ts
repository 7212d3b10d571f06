// A report is fully described by its URL query string: the permalink that reopens it.
// `?indicator=WORK_PERMITS_ISSUED&from=2015&to=2024&members=ARM,GEO&by=SEX&columns=periods&chart=lines`
// Codes chosen within a breakdown go in a parameter named after its dimension (`&CITIZENSHIP=UZB,RUS`),
// and a monthly indicator shown by quarter or year says so (`&aggregate=Q`).
import type { Frequency } from './types.js';

export type ColumnLayout = 'periods' | 'breakdown';
export type ChartKind = 'auto' | 'lines' | 'bars' | 'shares';

export interface ReportParams {
  indicator: string;
  /** ISO3 codes; null means every member of the region (the default, kept out of the URL). */
  members: string[] | null;
  from: string;
  to: string;
  /** Up to two breakdown dimensions. */
  by: string[];
  /** Columns are the periods, or the codes of the first breakdown (a pivot). */
  columns: ColumnLayout;
  chart: ChartKind;
  /** `YYYY-MM-DD`: the figures as published at the end of that day (UTC); '' for those published now. */
  asOf: string;
  /** Codes chosen within a breakdown dimension; a dimension not named shows every code. */
  codes?: Record<string, string[]>;
  /** A coarser frequency to show a monthly or quarterly indicator at (quarters or years). */
  aggregate?: Frequency;
}

const CHARTS: readonly ChartKind[] = ['auto', 'lines', 'bars', 'shares'];
const list = (value: string | null) =>
  (value ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

/** The report a URL asks for; null when it asks for none (the start page with the overview). */
export function parseParams(search: string): ReportParams | null {
  const q = new URLSearchParams(search);
  const indicator = q.get('indicator')?.trim();
  if (!indicator) return null;
  const members = list(q.get('members')).map((m) => m.toUpperCase());
  const by = [...new Set(list(q.get('by')))].slice(0, 2);
  const chart = q.get('chart') as ChartKind | null;
  const codes = Object.fromEntries(by.filter((d) => q.has(d)).map((d): [string, string[]] => [d, [...new Set(list(q.get(d)))]]));
  const aggregate = q.get('aggregate');
  return {
    indicator,
    members: members.length > 0 ? members : null,
    from: q.get('from')?.trim() ?? '',
    to: q.get('to')?.trim() ?? '',
    by,
    columns: q.get('columns') === 'breakdown' && by.length > 0 ? 'breakdown' : 'periods',
    chart: chart && CHARTS.includes(chart) ? chart : 'auto',
    asOf: q.get('asOf')?.trim() ?? '',
    ...(Object.keys(codes).length > 0 ? { codes } : {}),
    ...(aggregate === 'Q' || aggregate === 'A' ? { aggregate } : {}),
  };
}

/** The query string of a report, defaults left out so that links stay short and readable. */
export function toSearch(p: ReportParams): string {
  const q = new URLSearchParams({ indicator: p.indicator });
  if (p.from) q.set('from', p.from);
  if (p.to) q.set('to', p.to);
  if (p.members) q.set('members', p.members.join(','));
  if (p.by.length > 0) q.set('by', p.by.join(','));
  for (const d of p.by) if (p.codes?.[d]) q.set(d, p.codes[d].join(','));
  if (p.columns !== 'periods') q.set('columns', p.columns);
  if (p.chart !== 'auto') q.set('chart', p.chart);
  if (p.asOf) q.set('asOf', p.asOf);
  if (p.aggregate) q.set('aggregate', p.aggregate);
  // Commas are safe in a query string and far easier to read in a shared link.
  return `?${q.toString().replace(/%2C/g, ',')}`;
}
