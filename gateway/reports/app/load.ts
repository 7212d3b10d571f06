// Turns a report's parameters into GraphQL variables, asks the gateway, and shapes the answer.
import { query, ReportError } from './graphql.js';
import { lang, t } from './i18n.js';
import type { ReportParams } from './params.js';
import { aggregateObservations, canAggregate } from './aggregate.js';
import { describeRuns, expandPeriods, isPeriod } from './periods.js';
import { CODES_QUERY, reportQuery } from './queries.js';
import type { Code, Frequency, IndicatorDef, Member, MemberResult, Observation, ReportData } from './types.js';

export interface LoadedReport {
  data: ReportData;
  /** What was sent: shown under the report, copyable. */
  query: string;
  variables: Record<string, unknown>;
  /** Problems that are not one member's (shown above the report). */
  notices: string[];
}

type CountryAnswer = Member & Pick<MemberResult, 'observations' | 'metadata'>;

/** _T first, then the codelist's order, with "other" and "unknown" (`_O`, `_U`, …) last. */
export function presentCodes(codelist: readonly Code[], dimension: string, members: readonly MemberResult[]): Code[] {
  const seen = new Set<string>(['_T']);
  for (const m of members)
    for (const o of m.observations ?? []) for (const d of o.dimensions) if (d.dimension === dimension) seen.add(d.code);
  const listed = codelist.filter((c) => seen.has(c.id));
  const rank = (c: Code) => (c.id === '_T' ? 0 : c.id.startsWith('_') ? 2 : 1);
  return [...listed].sort((a, b) => rank(a) - rank(b));
}

/** The range's periods at `freq`: those with anything from any member, and those with nothing. */
function periodRange(
  params: ReportParams,
  freq: Frequency,
  observations: Observation[],
): { all: string[]; periods: string[]; empty: string[] } {
  const seen = observations.map((o) => o.period).sort();
  const from = params.from || seen[0];
  const to = params.to || seen[seen.length - 1];
  const all = from && to ? expandPeriods(from, to, freq) : [];
  const held = new Set(seen);
  return { all, periods: all.filter((p) => held.has(p)), empty: all.filter((p) => !held.has(p)) };
}

/** The instant a date stands for: the end of that day, UTC (what was published by then). */
export const asOfInstant = (date: string) => `${date}T23:59:59Z`;

export function checkParams(params: ReportParams, indicators: readonly IndicatorDef[], canAsOf = false): IndicatorDef {
  const indicator = indicators.find((i) => i.code === params.indicator);
  if (!indicator) throw new ReportError(t('load.unknownIndicator', { code: params.indicator }));
  for (const [name, value] of [
    [t('form.from'), params.from],
    [t('form.to'), params.to],
  ] as const) {
    if (value && !isPeriod(value)) throw new ReportError(t('load.notPeriod', { name, value }));
  }
  if (params.from && params.to && expandPeriods(params.from, params.to, indicator.frequency).length === 0) {
    throw new ReportError(t('load.fromAfterTo', { from: params.from, to: params.to }));
  }
  if (params.asOf && !/^\d{4}-\d{2}-\d{2}$/.test(params.asOf)) throw new ReportError(t('load.asOfDate', { value: params.asOf }));
  if (params.asOf && !canAsOf) throw new ReportError(t('load.noAsOf'));
  const unknown = params.by.filter((d) => !indicator.dimensions.some((x) => x.id === d));
  if (unknown.length > 0) throw new ReportError(t('load.noBreakdown', { indicator: indicator.name, dimensions: unknown.join(', ') }));
  for (const [dimension, codes] of Object.entries(params.codes ?? {}))
    if (codes.length === 0) throw new ReportError(t('load.noCodeChosen', { dimension }));
  return indicator;
}

/** Says what a selection finds nothing for: chosen codes no member has, periods nobody published. */
function whatIsMissing(
  indicator: IndicatorDef,
  params: ReportParams,
  breakdowns: ReportData['breakdowns'],
  codelists: Map<string, Code[]>,
  range: { all: string[]; periods: string[]; empty: string[] },
): string[] {
  const out: string[] = [];
  for (const b of breakdowns) {
    const none = (params.codes?.[b.dimension.id] ?? []).filter((c) => !b.codes.some((x) => x.id === c));
    const names = none.map((c) => codelists.get(b.dimension.id)?.find((x) => x.id === c)?.name ?? c);
    if (names.length > 0) out.push(t('load.codesMissing', { dimension: b.dimension.name.toLowerCase(), codes: names.join(', ') }));
  }
  const span = range.all.length > 1 ? `${range.all[0]}–${range.all.at(-1)}` : (range.all[0] ?? t('load.anyPeriod'));
  if (range.periods.length === 0) out.push(t('load.nothing', { indicator: indicator.name.toLowerCase(), span }));
  else if (range.empty.length > 0) out.push(t('load.emptyPeriods', { periods: describeRuns(range.empty, range.all) }));
  return out;
}

/** Whether a report asks for every member of the region (no selection, or one naming them all). */
export function coversRegion(selected: readonly string[] | null | undefined, region: readonly Member[]): boolean {
  return !selected || selected.length === 0 || region.every((m) => selected.includes(m.iso3));
}

export async function loadReport(
  params: ReportParams,
  indicators: readonly IndicatorDef[],
  canAsOf: boolean,
  region: readonly Member[],
): Promise<LoadedReport> {
  const indicator = checkParams(params, indicators, canAsOf);
  let codelists = new Map<string, Code[]>();
  if (params.by.length > 0) {
    const codes = await query<{ indicator: { dimensions: { id: string; codelist: { codes: Code[] } }[] } | null }>(CODES_QUERY, {
      indicator: indicator.code,
    });
    codelists = new Map(codes.data?.indicator?.dimensions.map((d) => [d.id, d.codelist.codes]) ?? []);
  }
  // Every code of the codelist, or those chosen, the total always included: the table shows what
  // the members published, with each member's total beside the chosen codes.
  const filter = params.by.map((dimension) => {
    const listed = (codelists.get(dimension) ?? []).map((c) => c.id);
    const chosen = params.codes?.[dimension];
    if (!chosen) return { dimension, codes: listed };
    const unknownCodes = chosen.filter((c) => !listed.includes(c));
    if (listed.length > 0 && unknownCodes.length > 0)
      throw new ReportError(t('load.unknownCode', { dimension, codes: unknownCodes.join(', ') }));
    return { dimension, codes: [...new Set(['_T', ...chosen])] };
  });
  const variables: Record<string, unknown> = {
    indicator: indicator.code,
    members: params.members,
    from: params.from || null,
    to: params.to || null,
    filter: filter.length > 0 ? filter : null,
    lang: lang(),
  };
  if (canAsOf) variables.asOf = params.asOf ? asOfInstant(params.asOf) : null;
  const text = reportQuery(canAsOf);
  const result = await query<{ countries: CountryAnswer[] }>(text, variables);
  const countries = result.data?.countries ?? [];
  const aggregate = canAggregate(indicator, params.aggregate) ? params.aggregate : undefined;
  const members: MemberResult[] = countries.map((c) => {
    const error = result.memberErrors.get(c.iso3);
    if (c.observations === null) return { ...c, unavailable: error ?? t('load.noReason', { member: c.name }) };
    return aggregate
      ? { ...c, published: c.observations, observations: aggregateObservations(c.observations, indicator, aggregate) }
      : { ...c };
  });
  const notices = [...result.otherErrors];
  const missing = (params.members ?? []).filter((iso3) => !countries.some((c) => c.iso3 === iso3));
  if (missing.length > 0) notices.push(t('load.notMembers', { list: missing.join(', ') }));
  const breakdowns = params.by.map((id) => ({
    dimension: indicator.dimensions.find((d) => d.id === id)!,
    codes: presentCodes(codelists.get(id) ?? [], id, members),
  }));
  const { all, periods, empty } = periodRange(
    params,
    aggregate ?? indicator.frequency,
    members.flatMap((m) => m.observations ?? []),
  );
  notices.push(...whatIsMissing(indicator, params, breakdowns, codelists, { all, periods, empty }));
  const scope = { allMembers: coversRegion(params.members, region), regionMembers: region.length };
  return {
    data: { indicator, periods, emptyPeriods: empty, breakdowns, members, scope, ...(aggregate ? { aggregate } : {}) },
    query: text,
    variables,
    notices,
  };
}
