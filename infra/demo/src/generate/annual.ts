import { type Breakdown, marginOf, sexByArea } from './cells.js';
import { AGE_BORN, AGE_STOCK, DEFAULT_DECISIONS, DEFAULT_FEMALE, DEFAULT_REASONS, type Profile } from './profile.js';
import { regionProfiles } from './profiles/index.js';
import type { Rng } from './random.js';
import { covidFactor, type CovidKind, type Keyframes, level, partnerShares } from './series.js';

/** Builds the figures of one annual indicator for one year; null when the country has none that year. */
export type AnnualBuilder = (profile: Profile, year: number, rng: Rng) => Breakdown | null;

function female(profile: Profile) {
  return { ...DEFAULT_FEMALE, ...profile.female };
}

/** Trend level × pandemic dip × noise, as a non-negative integer. */
function total(spec: Keyframes, kind: CovidKind, year: number, rng: Rng, sd: number): number {
  return Math.max(0, Math.round(level(spec, year) * covidFactor(kind, spec, year) * rng.noise(sd)));
}

function asylumLevel(profile: Profile, year: number): number {
  return level(profile.asylum, year) * covidFactor('asylum', profile.asylum, year);
}

/**
 * A member's citizens registered abroad: for each other member of its region, that member's stock
 * of foreigners of this citizenship (its trend level × its residents' share), of which the
 * consulates register only a part (the profile's `registration`, 0.7 by default); citizens
 * elsewhere in the world (`_O`) a further share. The mirror of STOCK_FOREIGNERS by CITIZENSHIP.
 */
function citizensAbroad(p: Profile, year: number, rng: Rng): Breakdown | null {
  const registered = p.registration ?? 0.7;
  const area = new Map<string, number>();
  for (const host of regionProfiles(p.region)) {
    if (host.iso3 === p.iso3) continue;
    const share = partnerShares(host.residents, year).get(p.iso3) ?? 0;
    const n = Math.round(level(host.stock, year) * share * registered * rng.noise(0.08));
    if (n > 0) area.set(host.iso3, n);
  }
  if (area.size === 0) return null;
  let inRegion = 0;
  for (const n of area.values()) inRegion += n;
  area.set('_O', Math.round(inRegion * 0.3 * rng.noise(0.1)));
  let n = 0;
  for (const v of area.values()) n += v;
  return { total: n, margins: { SEX: marginOf(n, 'F:42 M:58', rng, 0.03), COUNTRY_OF_RESIDENCE: area } };
}

export const ANNUAL_BUILDERS: Record<string, AnnualBuilder> = {
  CITIZENS_ABROAD: citizensAbroad,

  STOCK_FOREIGNERS: (p, year, rng) => {
    const n = total(p.stock, 'none', year, rng, 0.015);
    const bySex = sexByArea(n, partnerShares(p.residents, year), female(p).stock, rng);
    return {
      total: n,
      margins: { SEX: bySex.sex, AGE: marginOf(n, AGE_STOCK, rng, 0.04), CITIZENSHIP: bySex.area },
      cross: { rows: 'SEX', columns: 'CITIZENSHIP', cells: bySex.cells },
    };
  },

  RESIDENCE_PERMITS_ISSUED: (p, year, rng) => {
    const n = total(p.residence, 'permits', year, rng, 0.04);
    const bySex = sexByArea(n, partnerShares(p.residents, year), female(p).stock + 0.03, rng);
    return { total: n, margins: { SEX: bySex.sex, CITIZENSHIP: bySex.area, REASON: marginOf(n, p.reasons ?? DEFAULT_REASONS, rng) } };
  },

  WORK_PERMITS_ISSUED: (p, year, rng) => {
    const n = total(p.work, 'permits', year, rng, 0.04);
    const bySex = sexByArea(n, partnerShares(p.workers ?? p.residents, year), female(p).work, rng);
    return {
      total: n,
      margins: { SEX: bySex.sex, CITIZENSHIP: bySex.area },
      cross: { rows: 'SEX', columns: 'CITIZENSHIP', cells: bySex.cells },
    };
  },

  ASYLUM_APPLICATIONS: (p, year, rng) => {
    const n = total(p.asylum, 'asylum', year, rng, 0.05);
    const bySex = sexByArea(n, partnerShares(p.asylumFrom, year), female(p).asylum, rng);
    return {
      total: n,
      margins: { CITIZENSHIP: bySex.area, SEX: bySex.sex, APPLICATION_TYPE: marginOf(n, 'FIRST:90 REPEAT:10', rng) },
    };
  },

  // First-instance decisions follow applications with a lag: most within the year, the rest the next year.
  REFUGEE_STATUS_DECISIONS: (p, year, rng) => {
    const expected = (p.decisionRate ?? 0.75) * (0.6 * asylumLevel(p, year) + 0.4 * asylumLevel(p, year - 1));
    const n = Math.max(0, Math.round(expected * rng.noise(0.06)));
    return {
      total: n,
      margins: {
        DECISION: marginOf(n, p.decisions ?? DEFAULT_DECISIONS, rng, 0.08),
        CITIZENSHIP: marginOf(n, partnerShares(p.asylumFrom, year), rng, 0.06),
      },
    };
  },

  FOREIGN_BORN_POPULATION: (p, year, rng) => {
    const enumerated = p.census[year];
    if (enumerated === undefined) return null;
    const n = Math.round(enumerated * rng.noise(0.01));
    const bySex = sexByArea(n, partnerShares(p.bornIn ?? p.residents, year), female(p).born, rng);
    return { total: n, margins: { SEX: bySex.sex, AGE: marginOf(n, AGE_BORN[p.region], rng, 0.03), COUNTRY_OF_BIRTH: bySex.area } };
  },

  RETURNS: (p, year, rng) => {
    const n = total(p.returns, 'returns', year, rng, 0.05);
    const forced = p.forcedShare ?? 0.6;
    return {
      total: n,
      margins: {
        CITIZENSHIP: marginOf(n, partnerShares(p.returnsTo ?? p.residents, year), rng, 0.06),
        RETURN_TYPE: marginOf(n, `FORCED:${forced} AVR:${1 - forced}`, rng, 0.04),
      },
    };
  },
};
