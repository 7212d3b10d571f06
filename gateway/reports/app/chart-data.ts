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
  | { kind: 'lines'; periods: string[]; series: Series[] }
  | { kind: 'bars'; period: string; bars: { key: string; label: string; value: number }[] }
  | { kind: 'shares'; period: string; dimension: string; codes: Code[]; rows: { key: string; label: string; parts: number[] }[] };

/** Codes shown one by one in a shares chart; the rest are added up as "Other". */
const MAX_PARTS = 6;

/** Lines over time by default; bars for one period; shares when there is a breakdown. */
export function chooseChart(kind: ChartKind, data: ReportData): Chart['kind'] {
  if (kind === 'shares' && data.breakdowns.length > 0) return 'shares';
  if (kind === 'lines' && data.periods.length > 1) return 'lines';
  if (kind === 'bars') return 'bars';
  if (kind === 'auto' && data.breakdowns.length > 0) return 'shares';
  return data.periods.length > 1 ? 'lines' : 'bars';
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
  const series = memberTotals(data);
  if (chosen === 'lines') return { kind: 'lines', periods: data.periods, series };
  const at = latestWithData(series, data.periods);
  const bars = series
    .map((s) => ({ key: s.key, label: s.label, value: s.values[at] ?? null }))
    .filter((b): b is { key: string; label: string; value: number } => b.value !== null)
    .sort((a, b) => b.value - a.value);
  return { kind: 'bars', period: data.periods[at] ?? '', bars };
}
