// The origin–destination matrix of a mirror pair: for every ordered pair of members (A → B), what
// A reports about people going to B next to what B reports about people coming from A. Built from
// ONE federated query (each member's subgraph asked once, both sides in the same fetch), computed
// in the client: no DOM and no fetch here, so the page, the tests and the benchmark share it.
import {
  type ThirdOpinionAnswer,
  type ThirdOpinionMissing,
  thirdOpinionOf,
  thirdOpinionQuery,
  thirdOpinionSource,
  thirdOpinionVariables,
} from './bilateral-third-opinion.js';
import { type CodeSeries, figureFlags, type Observation, ofPartner } from './bilateral-figures.js';
import { mergeFlags } from './flags.js';

export { pairInGraph, servesThirdOpinion, type ThirdOpinionMissing } from './bilateral-third-opinion.js';

/** A GraphQL error as the gateway sends it (the member in `extensions.country`; see graphql.ts). */
interface GraphQLErrorShape {
  message: string;
  extensions?: { country?: string; response?: { body?: { errors?: { message?: string }[] } } };
}

/** The real reason behind a subgraph's `400: Bad Request` is in the response body the gateway kept. */
const errorMessage = (e: GraphQLErrorShape) => e.extensions?.response?.body?.errors?.[0]?.message ?? e.message;

export interface MirrorSideDef {
  /** `stock`: people counted on a day, never summed over months (absent: a flow). */
  indicator: { code: string; frequency: string; stock?: boolean };
  partnerDimension: string;
  fixed: { dimension: string; code: string }[];
}

/** A mirror pair as the registry serves it (`Query.mirrorPairs`). */
export interface MirrorPairDef {
  id: string;
  name: string;
  origin: MirrorSideDef | null;
  destination: MirrorSideDef;
  thirdOpinion: string | null;
}

const SIDE_FIELDS = 'indicator { code frequency stock } partnerDimension fixed { dimension code }';

export const MIRROR_PAIRS_QUERY = `query MirrorPairs { mirrorPairs { id name thirdOpinion origin { ${SIDE_FIELDS} } destination { ${SIDE_FIELDS} } }
  countryType: __type(name: "Country") { fields { name } } }`;

const OBSERVATION_FIELDS = 'period value status confidentiality dimensions { dimension code }';
/** What a member says about a sum it made (see matrixVariables' `summed`). */
const PART_FIELDS = 'parts partStatuses partConfidentiality';
const SERIES_FIELDS = 'code periods values statuses confidentiality';

/**
 * How the members send their figures: `series` (the default) as `breakdown(by: partner)`, one entry
 * per partner with its periods and values as lists, a few dozen entries a member for ten years of the
 * DSM region; `observations` one object per figure with every dimension's code, as the SDMX-CSV of
 * both sides needs. The matrix built from either is the same.
 */
export type MatrixFigures = 'series' | 'observations';

/**
 * The one query of a matrix: every member once, with its side(s) of the pair and its national
 * definition notes; the UNHCR figures by origin when the pair's third opinion is UNHCR, UN DESA's
 * stock by origin (every year it publishes, the members as origins) when it is UNDESA: one
 * provider fetch for every member. Variables from `matrixVariables`.
 */
export function matrixQuery(pair: MirrorPairDef, figures: MatrixFigures = 'series'): string {
  // The fields of members' sums only where a side can be summed: an annual pair's rows stay as they were.
  const summable = [pair.origin, pair.destination].some((s) => s && !s.indicator.stock && s.indicator.frequency !== 'A');
  const own = figures === 'series' ? SERIES_FIELDS : OBSERVATION_FIELDS;
  const fields = summable ? `${own} ${PART_FIELDS}` : own;
  const side = (name: 'origin' | 'destination', def: MirrorSideDef) => {
    const args = `indicator: $${name}Indicator, from: $from, to: $to, filter: $${name}Filter, frequency: $${name}Frequency`;
    return figures === 'series'
      ? `${name}: breakdown(${args}, by: ${JSON.stringify(def.partnerDimension)}) { ${fields} }`
      : `${name}: observations(${args}) { ${fields} }`;
  };
  const origin = pair.origin
    ? `${side('origin', pair.origin)}
      originNote: metadata(indicator: $originIndicator) { differenceFromAgreed }`
    : '';
  const third = thirdOpinionQuery(pair);
  const originVars = pair.origin ? ', $originIndicator: ID!, $originFilter: [DimensionFilter!], $originFrequency: Frequency' : '';
  return `query BilateralMatrix($members: [ID!], $from: String!, $to: String!, $destinationIndicator: ID!, $destinationFilter: [DimensionFilter!], $destinationFrequency: Frequency${originVars}${third.variables}) {
  countries(iso3: $members) {
    iso3 name
    ${origin}
    ${side('destination', pair.destination)}
    destinationNote: metadata(indicator: $destinationIndicator) { differenceFromAgreed }
    ${third.field}
  }
}`;
}

function sideFilter(side: MirrorSideDef, members: readonly string[]) {
  return [
    { dimension: side.partnerDimension, codes: [...members] },
    ...side.fixed.filter((f) => f.code !== '_T').map((f) => ({ dimension: f.dimension, codes: [f.code] })),
  ];
}

/** Periods `2023` (a year), `2023-Q2` or `2023-05`. */
const PERIOD = /^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$/;

const PER_YEAR: Record<string, number> = { A: 1, Q: 4, M: 12 };

/**
 * The frequency a side's members sum their figures into for a matrix of `period` (a year of a
 * monthly flow: A), or null to get them as published (the period is the indicator's own, or a stock).
 */
function summedFrequency(side: MirrorSideDef, period: string): string | null {
  const frequency = /^\d{4}$/.test(period) ? 'A' : /-Q/.test(period) ? 'Q' : 'M';
  if (side.indicator.stock || (PER_YEAR[frequency] ?? 12) >= (PER_YEAR[side.indicator.frequency] ?? 1)) return null;
  return frequency;
}

/**
 * Variables of `matrixQuery` for one period, or for every period from `period` to `to` (a series
 * of matrices from one query: `buildMatrix` then takes one period of the answer at a time). With
 * `summed`, each member sums a flow's sub-periods into the matrix's periods (ten yearly figures a
 * partner instead of 120 monthly ones; the matrix is the same); without, the answer holds every
 * figure as published, as the SDMX-CSV export of both sides needs.
 */
export function matrixVariables(
  pair: MirrorPairDef,
  period: string,
  members: readonly string[],
  to = period,
  summed = false,
): Record<string, unknown> {
  for (const p of [period, to]) {
    if (!PERIOD.test(p)) throw new Error(`period "${p}": expected a year (2023), a quarter (2023-Q2) or a month (2023-05)`);
  }
  if (to < period) throw new Error(`period: "${to}" is before "${period}"`);
  if (members.length < 2) throw new Error(`members: a matrix needs at least two members, got ${members.length}`);
  return {
    members,
    from: period,
    to,
    destinationIndicator: pair.destination.indicator.code,
    destinationFilter: sideFilter(pair.destination, members),
    destinationFrequency: summed ? summedFrequency(pair.destination, period) : null,
    ...(pair.origin
      ? {
          originIndicator: pair.origin.indicator.code,
          originFilter: sideFilter(pair.origin, members),
          originFrequency: summed ? summedFrequency(pair.origin, period) : null,
        }
      : {}),
    ...thirdOpinionVariables(pair, period, to),
  };
}

export interface MemberAnswer extends ThirdOpinionAnswer {
  iso3: string;
  name: string;
  origin?: Observation[] | CodeSeries[] | null;
  originNote?: { differenceFromAgreed: string | null } | null;
  destination?: Observation[] | CodeSeries[] | null;
  destinationNote?: { differenceFromAgreed: string | null } | null;
}

export interface MatrixAnswer {
  data: { countries: MemberAnswer[] | null } | null;
  errors?: readonly GraphQLErrorShape[];
}

/** What one member reported for one partner over the period. */
export interface SideFigure {
  /** OK: a figure; NOT_PUBLISHED: the member answered but has none; UNAVAILABLE: the member did not answer. */
  status: 'OK' | 'NOT_PUBLISHED' | 'UNAVAILABLE';
  /** Sum over the sub-periods with a published value (months of a year for a monthly indicator). */
  value: number | null;
  /** Sub-periods with a published value ÷ sub-periods in the period (1 for a complete year). */
  completeness: number | null;
  /** Flag letters of the figures summed (Eurostat style: p provisional, c withheld, …). */
  flags: string[];
  /** Why it is unavailable (the gateway's message), when it is. */
  reason: string | null;
}

export interface MatrixCell {
  origin: string;
  destination: string;
  /** What the origin reports (people going to the destination); null side for pairs without one. */
  originSide: SideFigure | null;
  /** What the destination reports (people coming from the origin). */
  destinationSide: SideFigure;
  /** destination − origin, when both are figures. */
  difference: number | null;
  /** destination ÷ origin, when both are figures and the origin's is not 0. */
  ratio: number | null;
  /** (destination − origin) ÷ their mean, in [−2, 2]: the heat map's colour; null without both. */
  asymmetry: number | null;
  /**
   * The international estimate for this pair (UNHCR: applications by origin in the asylum country;
   * UN DESA: migrants from the origin living in the destination at mid-year).
   */
  thirdOpinion: number | null;
  /** Why a pair's third opinion is empty, where that can be told (UN DESA: a year it does not publish, …). */
  thirdOpinionReason: string | null;
  /** The same as a code and its values, for a page to say in its own language. */
  thirdOpinionMissing: ThirdOpinionMissing | null;
  /** National definitions of either side that differ from the agreed one. */
  notes: string[];
}

export interface MatrixMember {
  iso3: string;
  name: string;
  status: 'OK' | 'UNAVAILABLE';
  reason: string | null;
}

export interface BilateralMatrix {
  pair: MirrorPairDef;
  period: string;
  members: MatrixMember[];
  /** Every ordered pair of different members, origins in member order, then destinations. */
  cells: MatrixCell[];
  /** Where the third opinion comes from (the provider's source line), when there is one. */
  thirdOpinionSource: string | null;
  /** Errors that name no member (the answer may be incomplete). */
  otherErrors: string[];
}

/** How many sub-periods of an indicator's frequency a period holds (a year of a monthly indicator: 12). */
export function subPeriods(frequency: string, period: string): number {
  const inYear = frequency === 'M' ? 12 : frequency === 'Q' ? 4 : 1;
  if (/^\d{4}$/.test(period)) return inYear;
  if (/-Q/.test(period)) return frequency === 'M' ? 3 : 1;
  return 1;
}

/** Whether a sub-period (`2023-05`, `2023-Q2`) lies in a period (`2023`, `2023-Q2`, `2023-05`). */
export function inPeriod(sub: string, period: string): boolean {
  if (sub === period || sub.startsWith(`${period}-`)) return true;
  const quarter = /^(\d{4})-Q([1-4])$/.exec(period);
  const month = /^(\d{4})-(\d{2})$/.exec(sub);
  return Boolean(quarter && month && quarter[1] === month[1] && Math.ceil(Number(month[2]) / 3) === Number(quarter[2]));
}

function figureOf(
  side: MirrorSideDef,
  period: string,
  figures: Observation[] | CodeSeries[] | null | undefined,
  partner: string,
): SideFigure {
  const mine = figures ? ofPartner(figures, side.partnerDimension, partner).filter((o) => inPeriod(o.period, period)) : [];
  if (mine.length === 0) return { status: 'NOT_PUBLISHED', value: null, completeness: null, flags: [], reason: null };
  const published = mine.filter((o) => o.value !== null);
  // Sub-periods with a value: counted by the member for a sum it made, else one per figure's period.
  const summed = published.filter((o) => o.parts != null).reduce((s, o) => s + o.parts!, 0);
  const periods = summed + new Set(published.filter((o) => o.parts == null).map((o) => o.period)).size;
  return {
    status: published.length > 0 ? 'OK' : 'NOT_PUBLISHED',
    value: published.length > 0 ? published.reduce((s, o) => s + (o.value ?? 0), 0) : null,
    completeness: Math.min(1, periods / subPeriods(side.indicator.frequency, period)),
    flags: mergeFlags(mine.map(figureFlags)).map((f) => f.letter),
    reason: null,
  };
}

const unavailable = (reason: string): SideFigure => ({ status: 'UNAVAILABLE', value: null, completeness: null, flags: [], reason });

/** Errors naming a member, by ISO3 (the gateway puts the member in `extensions.country`). */
function memberErrors(errors: readonly GraphQLErrorShape[] | undefined): { byMember: Map<string, string>; other: string[] } {
  const byMember = new Map<string, string>();
  const other: string[] = [];
  for (const e of errors ?? []) {
    const iso3 = e.extensions?.country;
    if (iso3) byMember.set(iso3, byMember.get(iso3) ?? errorMessage(e));
    else other.push(errorMessage(e));
  }
  return { byMember, other: [...new Set(other)] };
}

/**
 * The matrix from the answer to `matrixQuery`. A member that did not answer keeps its row and
 * column, each of its sides marked UNAVAILABLE with the reason; the other side still shows.
 */
export function buildMatrix(pair: MirrorPairDef, period: string, answer: MatrixAnswer): BilateralMatrix {
  const countries = answer.data?.countries;
  const { byMember, other } = memberErrors(answer.errors);
  if (!countries) throw new Error(`The matrix has no members to show: ${other.join('; ') || 'the gateway answered no data'}`);
  const members: MatrixMember[] = countries.map((c) => {
    const down = byMember.get(c.iso3) ?? (c.destination === null ? 'the member did not answer' : null);
    return { iso3: c.iso3, name: c.name, status: down ? 'UNAVAILABLE' : 'OK', reason: down };
  });
  const byIso3 = new Map(countries.map((c) => [c.iso3, c]));
  const state = new Map(members.map((m) => [m.iso3, m]));
  const thirdOf = thirdOpinionOf(pair, period, countries);
  const cells: MatrixCell[] = [];
  for (const a of members) {
    for (const b of members) {
      if (a.iso3 === b.iso3) continue;
      const from = byIso3.get(a.iso3)!;
      const to = byIso3.get(b.iso3)!;
      const originSide = pair.origin
        ? state.get(a.iso3)!.status === 'UNAVAILABLE'
          ? unavailable(a.reason!)
          : figureOf(pair.origin, period, from.origin, b.iso3)
        : null;
      const destinationSide =
        state.get(b.iso3)!.status === 'UNAVAILABLE' ? unavailable(b.reason!) : figureOf(pair.destination, period, to.destination, a.iso3);
      const [o, d] = [originSide?.value ?? null, destinationSide.value];
      const both = o !== null && d !== null;
      const notes = [
        pair.origin && from.originNote?.differenceFromAgreed
          ? `${a.iso3} (${pair.origin.indicator.code}): ${from.originNote.differenceFromAgreed}`
          : null,
        to.destinationNote?.differenceFromAgreed
          ? `${b.iso3} (${pair.destination.indicator.code}): ${to.destinationNote.differenceFromAgreed}`
          : null,
      ].filter((n): n is string => n !== null);
      const third = thirdOf(a.iso3, to);
      cells.push({
        origin: a.iso3,
        destination: b.iso3,
        originSide,
        destinationSide,
        difference: both ? d - o : null,
        ratio: both && o !== 0 ? d / o : null,
        asymmetry: both && o + d > 0 ? (d - o) / ((o + d) / 2) : null,
        thirdOpinion: third.value,
        thirdOpinionReason: third.reason,
        thirdOpinionMissing: third.missing,
        notes,
      });
    }
  }
  return { pair, period, members, cells, thirdOpinionSource: thirdOpinionSource(countries), otherErrors: other };
}
