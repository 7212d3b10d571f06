import { loadCatalog } from '@migfed/schema';
import { apportion } from '../generate/apportion.js';
import type { Profile } from '../generate/profile.js';
import { rngFor } from '../generate/random.js';
import { level, partnerShares } from '../generate/series.js';

export const MIGRANT_STOCK_HEADER = ['sort_order', 'name', 'notes', 'location_code', 'type_of_data', 'sex', 'year', 'value'];
const YEARS = [1990, 1995, 2000, 2005, 2010, 2015, 2020];

/**
 * Migrant stock at mid-year, 1990–2020, in UN DESA's long layout (M49 codes, `_T`/`M`/`F`). Anchored
 * on the profile's census count of the foreign-born: in the former Soviet Union that population
 * is old and shrinking; in Central America and Mexico it grows. Members with many asylum-seekers
 * get type of data `B R` (refugees added), as UN DESA does.
 */
export function migrantStockRows(p: Profile, seed: number, order: number): string[][] {
  const territory = loadCatalog().territory(p.iso3);
  if (!territory?.m49) throw new Error(`No M49 code for ${p.iso3}`);
  const [censusYear, census] = Object.entries(p.census).map(([y, v]) => [Number(y), v] as const)[0] ?? [2020, level(p.stock, 2020)];
  const trend = p.region === 'dsm' ? -0.015 : 0.025;
  const typeOfData = level(p.asylum, 2020) > 5_000 ? 'B R' : 'B';
  const rows: string[][] = [];
  for (const year of YEARS) {
    const rng = rngFor(p.iso3, seed, 'UNDESA_STOCK', year);
    const total = Math.max(0, Math.round(census * Math.exp(trend * (year - censusYear)) * rng.noise(0.02)));
    const [f = 0, m = 0] = apportion(total, [p.female?.born ?? 0.52, 1 - (p.female?.born ?? 0.52)]);
    for (const [sex, value] of [
      ['_T', total],
      ['M', m],
      ['F', f],
    ] as const) {
      rows.push([String(order), territory.name, '', String(Number(territory.m49)), typeOfData, sex, String(year), String(value)]);
    }
  }
  return rows;
}

export const MIGRANT_STOCK_BY_ORIGIN_HEADER = [
  'destination_name',
  'destination_notes',
  'destination_code',
  'type_of_data',
  'origin_name',
  'origin_code',
  'sex',
  'year',
  'value',
];

/**
 * UN DESA's origin–destination table among the members, in its long form: each member's migrant
 * stock (`migrantStockRows`) spread over the other members by the profile's countries of birth
 * (`bornIn`, else its foreign residents' citizenships), as the third opinion the bilateral matrix
 * shows on citizens abroad.
 */
export function migrantStockByOriginRows(p: Profile, seed: number, members: readonly string[]): string[][] {
  const catalog = loadCatalog();
  const destination = catalog.territory(p.iso3)!;
  const byYear = new Map<string, { total: number; typeOfData: string }>();
  for (const r of migrantStockRows(p, seed, 0)) if (r[5] === '_T') byYear.set(r[6]!, { total: Number(r[7]), typeOfData: r[4]! });
  const rows: string[][] = [];
  for (const year of YEARS) {
    const { total, typeOfData } = byYear.get(String(year))!;
    const shares = partnerShares(p.bornIn ?? p.residents, year);
    for (const iso3 of members) {
      const origin = catalog.territory(iso3);
      const share = shares.get(iso3) ?? 0;
      if (iso3 === p.iso3 || !origin?.m49 || share === 0) continue;
      const value = Math.round(total * share);
      const [f = 0, m = 0] = apportion(value, [p.female?.born ?? 0.52, 1 - (p.female?.born ?? 0.52)]);
      for (const [sex, v] of [
        ['_T', value],
        ['M', m],
        ['F', f],
      ] as const) {
        rows.push([
          destination.name,
          '',
          String(Number(destination.m49)),
          typeOfData,
          origin.name,
          String(Number(origin.m49)),
          sex,
          String(year),
          String(v),
        ]);
      }
    }
  }
  return rows;
}
