// What the chart draws, worked out from the report (pure; chart.ts turns it into SVG).
import { buildTable } from './model.js';
import type { ChartKind } from './params.js';
import type { Code, ReportData } from './types.js';

export interface Series {
  key: string;
  label: string;
  values: (number | null)[];
}

export type Chart =
  | { kind: 'lines'; periods: string[]; series: Series[]; times?: number[] }
  | {
      kind: 'multiples';
      periods: string[];
      times?: number[];
      dimension: string;
      codes: Code[];
      panels: { key: string; label: string; series: Series[] }[];
    }
  | { kind: 'stacked'; period: string; dimension: string; codes: Code[]; rows: { key: string; label: string; parts: number[] }[] }
  | { kind: 'bars'; period: string; bars: { key: string; label: string; value: number }[] }
  | { kind: 'shares'; period: string; dimension: string; codes: Code[]; rows: { key: string; label: string; parts: number[] }[] };

/** Codes shown one by one in a shares chart; the rest are added up as "Other". */
const MAX_PARTS = 6;

/**
 * Lines over time by default; bars for one period. A breakdown stays in the chart: small multiples
 * over time (the automatic choice when there is more than one period), stacked bars, or shares.
 */
export function chooseChart(kind: ChartKind, data: ReportData): Chart['kind'] {
  const broken = data.breakdowns.length > 0;
  const overTime = data.periods.length > 1;
  if (kind === 'shares' && broken) return 'shares';
  if (kind === 'lines' && overTime) return broken ? 'multiples' : 'lines';
  if (kind === 'bars') return broken ? 'stacked' : 'bars';
  if (kind === 'auto' && broken) return overTime ? 'multiples' : 'shares';
  return overTime ? 'lines' : 'bars';
}

const PER_YEAR = { A: 1, Q: 4, M: 12 } as const;

/** Where each period sits in time (years); only when the periods are not evenly spaced (a census). */
export function periodTimes(data: ReportData): number[] | undefined {
  const per = PER_YEAR[data.aggregate ?? data.indicator.frequency];
  const times = data.periods.map((p) => {
    const [, year, q, m] = /^(\d{4})(?:-Q(\d)|-(\d{2}))?$/.exec(p) ?? [];
    return Number(year) + (q ? Number(q) - 1 : m ? Number(m) - 1 : 0) / per;
  });
  return times.some((t, i) => i > 0 && Math.abs(t - times[i - 1]! - 1 / per) > 1e-9) ? times : undefined;
}

/** For each period, whether a line may join it to the one before (no period left out between them). */
export function timeGaps(periods: readonly string[], times: readonly number[] | undefined): boolean[] {
  if (!times) return periods.map((_, i) => i > 0);
  const step = Math.min(...times.slice(1).map((t, i) => t - times[i]!));
  return times.map((t, i) => i > 0 && Math.abs(t - times[i - 1]! - step) < 1e-9);
}

/** The codes of the first breakdown a chart shows: a short list whole, a long one its largest six. */
function chartCodes(data: ReportData, at: number): { table: ReturnType<typeof buildTable>; codes: { code: Code; index: number }[] } {
  const table = buildTable({ ...data, breakdowns: [data.breakdowns[0]!] }, 'breakdown');
  const codes = table.columnAxis.codes.map((c, i) => ({ code: c, index: i })).filter((c) => c.code.id !== '_T');
  const sum = (i: number) => table.groups.reduce((s, g) => s + (g.rows[at]?.cells[i]?.value ?? 0), 0);
  const regular = codes.filter((c) => !c.code.id.startsWith('_'));
  const shown = regular.length <= MAX_PARTS ? regular : [...regular].sort((a, b) => sum(b.index) - sum(a.index)).slice(0, MAX_PARTS);
  return { table, codes: shown };
}

function multiples(data: ReportData): Chart {
  const at = latestWithData(memberTotals(data), data.periods);
  const { table, codes } = chartCodes(data, at);
  return {
    kind: 'multiples',
    periods: data.periods,
    ...(periodTimes(data) ? { times: periodTimes(data) } : {}),
    dimension: data.breakdowns[0]!.dimension.name,
    codes: codes.map((c) => c.code),
    panels: table.groups
      .filter((g) => !g.member.unavailable)
      .map((g) => ({
        key: g.member.iso3,
        label: g.member.name,
        series: codes.map((c) => ({ key: c.code.id, label: c.code.name, values: g.rows.map((r) => r.cells[c.index]?.value ?? null) })),
      })),
  };
}

function stacked(data: ReportData): Chart {
  const at = latestWithData(memberTotals(data), data.periods);
  const { table, codes } = chartCodes(data, at);
  return {
    kind: 'stacked',
    period: data.periods[at] ?? '',
    dimension: data.breakdowns[0]!.dimension.name,
    codes: codes.map((c) => c.code),
    rows: table.groups
      .filter((g) => !g.member.unavailable)
      .map((g) => ({ key: g.member.iso3, label: g.member.name, parts: codes.map((c) => g.rows[at]?.cells[c.index]?.value ?? 0) }))
      .filter((r) => r.parts.some((p) => p > 0)),
  };
}

function memberTotals(data: ReportData): Series[] {
  return buildTable({ ...data, breakdowns: [] }, 'periods')
    .groups.filter((g) => !g.member.unavailable)
    .map((g) => ({ key: g.member.iso3, label: g.member.name, values: g.rows[0]!.cells.map((c) => c.value) }));
}

/** The latest period of the range in which any member has a figure. */
function latestWithData(series: readonly Series[], periods: readonly string[]): number {
  for (let i = periods.length - 1; i >= 0; i -= 1) if (series.some((s) => s.values[i] !== null)) return i;
  return periods.length - 1;
}

function shares(data: ReportData): Chart {
  const first = data.breakdowns[0]!;
  const table = buildTable({ ...data, breakdowns: [first] }, 'breakdown');
  const at = latestWithData(memberTotals(data), data.periods);
  const codes = table.columnAxis.codes.map((c, i) => ({ code: c, index: i })).filter((c) => c.code.id !== '_T');
  const sum = (i: number) => table.groups.reduce((s, g) => s + (g.rows[at]?.cells[i]?.value ?? 0), 0);
  const regular = codes.filter((c) => !c.code.id.startsWith('_'));
  // A short codelist (sex, decision) keeps its own order; a long one (citizenship) shows its largest.
  const shown = regular.length <= MAX_PARTS ? regular : [...regular].sort((a, b) => sum(b.index) - sum(a.index)).slice(0, MAX_PARTS);
  const rest = codes.filter((c) => !shown.includes(c));
  const partsOf = (cells: { value: number | null }[]) => [
    ...shown.map((c) => cells[c.index]?.value ?? 0),
    ...(rest.length > 0 ? [rest.reduce((s, c) => s + (cells[c.index]?.value ?? 0), 0)] : []),
  ];
  return {
    kind: 'shares',
    period: data.periods[at] ?? '',
    dimension: first.dimension.name,
    codes: [...shown.map((c) => c.code), ...(rest.length > 0 ? [{ id: '_O', name: 'Other' }] : [])],
    rows: table.groups
      .filter((g) => !g.member.unavailable)
      .map((g) => ({ key: g.member.iso3, label: g.member.name, parts: partsOf(g.rows[at]?.cells ?? []) }))
      .filter((r) => r.parts.some((p) => p > 0)),
  };
}

export function chartData(kind: ChartKind, data: ReportData): Chart {
  const chosen = chooseChart(kind, data);
  if (chosen === 'shares') return shares(data);
  if (chosen === 'multiples') return multiples(data);
  if (chosen === 'stacked') return stacked(data);
  const series = memberTotals(data);
  const times = periodTimes(data);
  if (chosen === 'lines') return { kind: 'lines', periods: data.periods, series, ...(times ? { times } : {}) };
  const at = latestWithData(series, data.periods);
  const bars = series
    .map((s) => ({ key: s.key, label: s.label, value: s.values[at] ?? null }))
    .filter((b): b is { key: string; label: string; value: number } => b.value !== null)
    .sort((a, b) => b.value - a.value);
  return { kind: 'bars', period: data.periods[at] ?? '', bars };
}
