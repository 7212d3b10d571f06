import { parseShares, split } from '../generate/apportion.js';
import { DEFAULT_DECISIONS, type Profile } from '../generate/profile.js';
import { rngFor } from '../generate/random.js';
import { covidFactor, level, partnerShares } from '../generate/series.js';
import { OTHER_ORIGINS, territoryName, unhcrRound } from './table.js';

export interface Range {
  fromYear: number;
  toYear: number;
  seed: number;
}

/** Applications by origin of one member and year, before UNHCR's rounding (a few % off the national figure). */
export function applicationsByOrigin(p: Profile, year: number, seed: number): Map<string, number> {
  const rng = rngFor(p.iso3, seed, 'UNHCR_APPLICATIONS', year);
  const total = Math.round(level(p.asylum, year) * covidFactor('asylum', p.asylum, year) * 0.97 * rng.noise(0.06));
  const shares = partnerShares(p.asylumFrom, year);
  const other = shares.get('_O') ?? 0;
  shares.delete('_O');
  const pool = OTHER_ORIGINS[p.region].filter((c) => c !== p.iso3 && !shares.has(c));
  for (const code of pool) shares.set(code, (other / pool.length) * rng.noise(0.3));
  return split(total, shares);
}

const keyCells = (p: Profile, year: number, origin: string) => [
  String(year),
  territoryName(origin),
  origin,
  origin,
  territoryName(p.iso3),
  p.iso3,
  p.iso3,
];

export const APPLICATIONS_HEADER = [
  'year',
  'coo_name',
  'coo',
  'coo_iso',
  'coa_name',
  'coa',
  'coa_iso',
  'procedure_type',
  'app_type',
  'dec_level',
  'app_pc',
  'applied',
];
export const DECISIONS_HEADER = [
  'year',
  'coo_name',
  'coo',
  'coo_iso',
  'coa_name',
  'coa',
  'coa_iso',
  'procedure_type',
  'dec_level',
  'dec_pc',
  'dec_recognized',
  'dec_other',
  'dec_rejected',
  'dec_closed',
  'dec_total',
];

/**
 * Rows in UNHCR's API layout: per origin one row of new and one of repeat applications (first
 * instance, government procedure). Panama's generated figures count cases, to show persons and
 * cases kept apart.
 */
export function applicationRows(p: Profile, range: Range): string[][] {
  const basis = p.iso3 === 'PAN' ? 'C' : 'P';
  const rows: string[][] = [];
  for (let year = range.fromYear; year <= range.toYear; year += 1) {
    for (const [origin, n] of applicationsByOrigin(p, year, range.seed)) {
      const repeat = Math.round(n * 0.1);
      for (const [type, value] of [
        ['N', n - repeat],
        ['R', repeat],
      ] as const) {
        if (value > 0) rows.push([...keyCells(p, year, origin), 'G', type, 'FI', basis, String(unhcrRound(value))]);
      }
    }
  }
  return rows;
}

/** Decisions by kind per origin: the profile's decision rate and shares (recognized, complementary, rejected, closed). */
export function decisionRows(p: Profile, range: Range): string[][] {
  const shares = parseShares(p.decisions ?? DEFAULT_DECISIONS);
  const rows: string[][] = [];
  for (let year = range.fromYear; year <= range.toYear; year += 1) {
    for (const [origin, n] of applicationsByOrigin(p, year, range.seed)) {
      const rng = rngFor(p.iso3, range.seed, 'UNHCR_DECISIONS', year, origin);
      const decided = Math.round(n * (p.decisionRate ?? 0.75) * rng.noise(0.05));
      if (decided === 0) continue;
      const parts = split(decided, shares);
      const kinds = ['RECOGNIZED', 'COMPLEMENTARY', 'REJECTED', 'CLOSED'].map((k) => unhcrRound(parts.get(k) ?? 0));
      const total = kinds.reduce((a, b) => a + b, 0);
      rows.push([...keyCells(p, year, origin), 'G', 'FI', p.iso3 === 'PAN' ? 'C' : 'P', ...kinds.map(String), String(total)]);
    }
  }
  return rows;
}
