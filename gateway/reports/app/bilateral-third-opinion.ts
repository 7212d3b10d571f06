// A mirror pair's third opinion: the international estimate its matrix shows beside the members'
// two sides (UNHCR's asylum applications by origin, UN DESA's migrant stock by origin). What the
// matrix query asks of the provider, and each cell's figure or why there is none.
import type { MirrorPairDef } from './bilateral-matrix.js';

/** The `Country` field each third opinion's provider adds to the graph. */
const PROVIDER_FIELD: Record<string, string> = { UNHCR: 'unhcr', UNDESA: 'undesa' };

/**
 * Whether the matrix can show the pair's third opinion: UNHCR's applications by origin and UN
 * DESA's migrant stock by origin (its origin–destination table) are in the graph.
 */
export function servesThirdOpinion(pair: MirrorPairDef): boolean {
  return pair.thirdOpinion === 'UNHCR' || pair.thirdOpinion === 'UNDESA';
}

/**
 * The pair as this graph can show it: a region deployed without the third opinion's provider has
 * no field to ask it with, so its matrix goes without (asking would fail the whole query).
 */
export function pairInGraph(pair: MirrorPairDef, countryType: { fields: { name: string }[] } | null | undefined): MirrorPairDef {
  const field = pair.thirdOpinion ? PROVIDER_FIELD[pair.thirdOpinion] : undefined;
  if (!field || countryType?.fields.some((f) => f.name === field)) return pair;
  return { ...pair, thirdOpinion: null };
}

/**
 * The provider's part of the matrix query, asked once for every member: UNHCR's applications by
 * origin for the year; UN DESA's stock by origin for every year it publishes, the members as
 * origins (so a drill-down's series comes from the same answer).
 */
export function thirdOpinionQuery(pair: MirrorPairDef): { field: string; variables: string } {
  if (pair.thirdOpinion === 'UNHCR') {
    return { field: 'unhcr { source asylumApplicationsByOrigin(year: $year) { originCode applied } }', variables: ', $year: Int!' };
  }
  if (pair.thirdOpinion === 'UNDESA') {
    return {
      field: 'undesa { source migrantStockByOrigin(sex: $undesaSex, origins: $members) { originCode year value } }',
      variables: ', $undesaSex: String!',
    };
  }
  return { field: '', variables: '' };
}

/** The variables `thirdOpinionQuery` declares, for the periods from `period` to `to`. */
export function thirdOpinionVariables(pair: MirrorPairDef, period: string, to: string): Record<string, unknown> {
  if (pair.thirdOpinion === 'UNHCR') {
    if (to.slice(0, 4) !== period.slice(0, 4)) throw new Error('period: the UNHCR third opinion is asked for one year at a time');
    return { year: Number(period.slice(0, 4)) };
  }
  // UN DESA's sex code: the one both sides fix (`_T` unless the pair says otherwise).
  if (pair.thirdOpinion === 'UNDESA') return { undesaSex: pair.destination.fixed.find((f) => f.dimension === 'SEX')?.code ?? '_T' };
  return {};
}

/** A member's answer to the provider's part of the query. */
export interface ThirdOpinionAnswer {
  iso3: string;
  unhcr?: { source: string; asylumApplicationsByOrigin: { originCode: string; applied: number }[] | null } | null;
  undesa?: { source: string | null; migrantStockByOrigin: { originCode: string; year: number; value: number | null }[] | null } | null;
}

/** Why UN DESA has no figure for a cell: nothing for the destination, no origin–destination table, … */
export interface ThirdOpinionMissing {
  why: 'noFigures' | 'noTable' | 'notAYear' | 'yearNotPublished' | 'noFigure';
  year?: number;
  years?: number[];
}

export interface ThirdOpinion {
  value: number | null;
  /** Why there is no value, in English (CSV), when that can be told. */
  reason: string | null;
  /** The same as a code and its values, for a page to say in its own language. */
  missing: ThirdOpinionMissing | null;
}

/** Where the third opinion comes from (the provider's source line), when it answered. */
export function thirdOpinionSource(countries: readonly ThirdOpinionAnswer[]): string | null {
  return countries.find((c) => c.unhcr?.source)?.unhcr?.source ?? countries.find((c) => c.undesa?.source)?.undesa?.source ?? null;
}

/** Each cell's third opinion, origin → destination member, in the matrix's period. */
export function thirdOpinionOf(
  pair: MirrorPairDef,
  period: string,
  countries: readonly ThirdOpinionAnswer[],
): (origin: string, to: ThirdOpinionAnswer) => ThirdOpinion {
  if (pair.thirdOpinion === 'UNDESA') return undesaOpinion(countries, period);
  return (origin, to) => ({
    value:
      pair.thirdOpinion === 'UNHCR' ? (to.unhcr?.asylumApplicationsByOrigin?.find((r) => r.originCode === origin)?.applied ?? null) : null,
    reason: null,
    missing: null,
  });
}

/**
 * UN DESA's figure for origin → destination in the period's year, or why there is none: it
 * publishes mid-year stocks for some years only (1990, 1995, … 2020, 2024), and only when its
 * origin–destination table has been imported.
 */
function undesaOpinion(countries: readonly ThirdOpinionAnswer[], period: string) {
  const years = [...new Set(countries.flatMap((c) => c.undesa?.migrantStockByOrigin?.map((r) => r.year) ?? []))].sort((x, y) => x - y);
  const year = /^\d{4}$/.test(period) ? Number(period) : null;
  const none = (reason: string, missing: ThirdOpinionMissing): ThirdOpinion => ({ value: null, reason, missing });
  return (origin: string, to: ThirdOpinionAnswer): ThirdOpinion => {
    if (!to.undesa) {
      return none('UN DESA has no figures for this destination (nothing imported, or the provider did not answer)', { why: 'noFigures' });
    }
    const rows = to.undesa.migrantStockByOrigin;
    if (!rows) {
      return none("UN DESA's release has no origin–destination table (download it from UN DESA and import it)", { why: 'noTable' });
    }
    if (year === null) return none('UN DESA estimates the stock at mid-year of whole years only', { why: 'notAYear' });
    if (!years.includes(year)) {
      return none(`UN DESA publishes no estimate for ${year}${years.length > 0 ? ` (its years: ${years.join(', ')})` : ''}`, {
        why: 'yearNotPublished',
        year,
        years,
      });
    }
    const value = rows.find((r) => r.originCode === origin && r.year === year)?.value ?? null;
    if (value === null) return none(`UN DESA published no figure for ${origin} in ${to.iso3} in ${year}`, { why: 'noFigure', year });
    return { value, reason: null, missing: null };
  };
}
