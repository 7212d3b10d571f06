// The report's table as data: members × columns (periods, or the codes of the first breakdown),
// regional totals and completeness. Pure functions: the page, the CSV and the tests share them.
import { type Flag, flagsOf, INCOMPLETE, isWithheld, mergeFlags, REVISED } from './flags.js';
import type { ColumnLayout } from './params.js';
import type { Code, MemberResult, Observation, ReportData } from './types.js';

/**
 * value; missing (status M…); withheld (confidential); gap (not published); unavailable (member
 * down); partial (a regional total withheld: too few members have a figure, see totalsScope).
 */
export type CellKind = 'value' | 'missing' | 'withheld' | 'gap' | 'unavailable' | 'partial';

export interface Cell {
  kind: CellKind;
  value: number | null;
  flags: Flag[];
  /** When the value is revised: what the earlier release published (`r` among the flags). */
  previous?: number;
  /** On a regional total: how many members it adds up, and which are not in it. */
  of?: { counted: number; members: number; without: string[] };
}

export interface Axis {
  id: string;
  label: string;
  codes: Code[];
}

export interface TableRow {
  /** null on a regional total row. */
  member: MemberResult | null;
  /** The codes of the row axes after the member (e.g. the period and SEX=F). */
  keys: Code[];
  cells: Cell[];
}

export interface TableModel {
  columnAxis: Axis;
  rowAxes: Axis[];
  groups: { member: MemberResult; rows: TableRow[] }[];
  /** What the total rows are called; null (and no total rows) for a single member. */
  totalsLabel: string | null;
  totals: TableRow[];
}

export const REGIONAL_TOTAL = 'Regional total';
export const SELECTED_TOTAL = 'Total of the selected members';

/**
 * What the sum over a report's members may be called. Only a report over the whole region has a
 * regional total, and only for a period where members with a figure make up the catalog's
 * minimum share of the region (`required` of them); a selection of members has a total of the
 * selected members, never a regional one; a single member has no total row.
 */
export function totalsScope(data: ReportData): { label: string; required: number | null } | null {
  if (data.members.length <= 1) return null;
  if (!data.scope.allMembers) return { label: SELECTED_TOTAL, required: null };
  // A share like 0.75 of 12 is 9 members exactly; the epsilon keeps floating point from asking 10.
  return { label: REGIONAL_TOTAL, required: Math.ceil(data.indicator.regionalTotalMinimumShare * data.scope.regionMembers - 1e-9) };
}

const TOTAL = '_T';

function cartesian(lists: Code[][]): Code[][] {
  return lists.reduce<Code[][]>((acc, codes) => acc.flatMap((prefix) => codes.map((c) => [...prefix, c])), [[]]);
}

/** Observations by `period|code…` over the breakdown dimensions; a figure broken down by any other
 *  dimension is not part of this table (completeness reads the totals out of a breakdown report). */
function indexOf(data: ReportData, obs: readonly Observation[]): Map<string, Observation> {
  const ids = data.breakdowns.map((b) => b.dimension.id);
  const index = new Map<string, Observation>();
  for (const o of obs) {
    if (o.dimensions.some((d) => d.code !== TOTAL && !ids.includes(d.dimension))) continue;
    index.set([o.period, ...ids.map((id) => o.dimensions.find((d) => d.dimension === id)?.code ?? TOTAL)].join('|'), o);
  }
  return index;
}

function cellOf(member: MemberResult, index: Map<string, Observation> | null, key: string): Cell {
  if (member.unavailable || !index) return { kind: 'unavailable', value: null, flags: [] };
  const obs = index.get(key);
  if (!obs) return { kind: 'gap', value: null, flags: [] };
  const flags = obs.statuses
    ? mergeFlags(obs.statuses.map((status) => flagsOf(status, obs.confidentiality)))
    : flagsOf(obs.status, obs.confidentiality);
  if (obs.missingParts) flags.push(INCOMPLETE);
  // A withheld figure is never shown, summed or compared, even if a source sent its value along.
  if (isWithheld(obs.confidentiality)) return { kind: 'withheld', value: null, flags };
  if (obs.value !== null && obs.revised && obs.previousValue != null) {
    return { kind: 'value', value: obs.value, flags: [...flags, REVISED], previous: obs.previousValue };
  }
  if (obs.value !== null) return { kind: 'value', value: obs.value, flags };
  return { kind: 'missing', value: null, flags };
}

function totalOf(cells: readonly Cell[], members: readonly MemberResult[], required: number | null): Cell {
  const counted = cells.filter((c) => c.kind === 'value');
  const without = members.filter((_, i) => cells[i]!.kind !== 'value').map((m) => m.name);
  const of = { counted: counted.length, members: members.length, without };
  if (counted.length === 0) return { kind: 'gap', value: null, flags: [], of };
  if (required !== null && counted.length < required) return { kind: 'partial', value: null, flags: [], of };
  const value = counted.reduce((sum, c) => sum + c.value!, 0);
  return { kind: 'value', value, flags: mergeFlags(counted.map((c) => c.flags)), of };
}

/** Lays the report out: one group of rows per member, then the regional totals. */
export function buildTable(data: ReportData, layout: ColumnLayout): TableModel {
  const periodAxis: Axis = { id: 'PERIOD', label: 'Period', codes: data.periods.map((p) => ({ id: p, name: p })) };
  const breakdownAxes = data.breakdowns.map((b): Axis => ({ id: b.dimension.id, label: b.dimension.name, codes: b.codes }));
  const columnAxis = layout === 'breakdown' && breakdownAxes[0] ? breakdownAxes[0] : periodAxis;
  const rowAxes = [periodAxis, ...breakdownAxes].filter((a) => a !== columnAxis);
  const order = [periodAxis, ...breakdownAxes];
  const keyOf = (combo: Code[], column: Code) => {
    const codes = new Map(rowAxes.map((a, i) => [a.id, combo[i]!.id]));
    codes.set(columnAxis.id, column.id);
    return order.map((a) => codes.get(a.id)).join('|');
  };
  const combos = cartesian(rowAxes.map((a) => a.codes));
  const indexes = data.members.map((m) => (m.observations ? indexOf(data, m.observations) : null));
  const groups = data.members.map((member, i) => ({
    member,
    rows: combos.map((keys) => ({ member, keys, cells: columnAxis.codes.map((col) => cellOf(member, indexes[i]!, keyOf(keys, col))) })),
  }));
  const scope = totalsScope(data);
  const totals = scope
    ? combos.map((keys, r) => ({
        member: null,
        keys,
        cells: columnAxis.codes.map((_, c) =>
          totalOf(
            groups.map((g) => g.rows[r]!.cells[c]!),
            data.members,
            scope.required,
          ),
        ),
      }))
    : [];
  // A breakdown row a member has published nothing for (a citizenship only its neighbour reports)
  // is noise; its totals rows stay, and completeness is judged on the totals alone.
  const isBreakdown = (keys: Code[]) => keys.some((k, j) => rowAxes[j]!.id !== 'PERIOD' && k.id !== TOTAL);
  for (const g of groups) g.rows = g.rows.filter((row) => !isBreakdown(row.keys) || row.cells.some((c) => c.kind !== 'gap'));
  return { columnAxis, rowAxes, groups, totalsLabel: scope?.label ?? null, totals };
}

/** The periods for which a member has no total figure, grouped by why. */
export interface Gap {
  member: MemberResult;
  kind: Exclude<CellKind, 'value' | 'partial'>;
  periods: string[];
}

export function completeness(data: ReportData): Gap[] {
  const byPeriod = buildTable({ ...data, breakdowns: [] }, 'periods');
  const gaps: Gap[] = [];
  for (const { member, rows } of byPeriod.groups) {
    const kinds = new Map<Gap['kind'], string[]>();
    rows[0]!.cells.forEach((cell, i) => {
      if (cell.kind !== 'value' && cell.kind !== 'partial') kinds.set(cell.kind, [...(kinds.get(cell.kind) ?? []), data.periods[i]!]);
    });
    for (const [kind, periods] of kinds) gaps.push({ member, kind, periods });
  }
  return gaps;
}

/** Per period, who the total leaves out (the source of "total of 10 of 12 members"), and whether it is withheld as partial. */
export function totalsCoverage(
  data: ReportData,
): { period: string; counted: number; members: number; without: string[]; partial: boolean }[] {
  const row = buildTable({ ...data, breakdowns: [] }, 'periods').totals[0];
  return row ? row.cells.map((cell, i) => ({ period: data.periods[i]!, ...cell.of!, partial: cell.kind === 'partial' })) : [];
}
