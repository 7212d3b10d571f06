import DataLoader from 'dataloader';
import type { Db } from '@migfed/subgraph-kit';
import {
  findAgencies,
  findCodelists,
  findCodes,
  findFocalPoints,
  findIndicatorDimensions,
  findIndicators,
  findMembers,
  findTerritories,
} from './db/queries.js';

/** One row per key (or null), in the order of the keys. */
function byKey<R>(fetch: (keys: readonly string[]) => Promise<R[]>, keyOf: (row: R) => string) {
  return async (keys: readonly string[]) => {
    const rows = await fetch(keys);
    const map = new Map(rows.map((r) => [keyOf(r), r]));
    return keys.map((k) => map.get(k) ?? null);
  };
}

/** All rows per key, in the order of the keys. */
function groupedByKey<R>(fetch: (keys: readonly string[]) => Promise<R[]>, keyOf: (row: R) => string) {
  return async (keys: readonly string[]) => {
    const rows = await fetch(keys);
    const map = new Map<string, R[]>();
    for (const r of rows) map.set(keyOf(r), [...(map.get(keyOf(r)) ?? []), r]);
    return keys.map((k) => map.get(k) ?? []);
  };
}

/** Built once per request; each loader turns every lookup of a request into one IN (…) statement. */
export function createLoaders(db: Db) {
  return {
    memberByIso3: new DataLoader(
      byKey(
        (k) => findMembers(db, k),
        (r) => r.iso3,
      ),
    ),
    territoryByIso3: new DataLoader(
      byKey(
        (k) => findTerritories(db, k),
        (r) => r.iso3,
      ),
    ),
    agenciesByCountry: new DataLoader(
      groupedByKey(
        (k) => findAgencies(db, k),
        (r) => r.country,
      ),
    ),
    focalPointsByCountry: new DataLoader(
      groupedByKey(
        (k) => findFocalPoints(db, k),
        (r) => r.country,
      ),
    ),
    indicatorByCode: new DataLoader(
      byKey(
        (k) => findIndicators(db, k),
        (r) => r.code,
      ),
    ),
    dimensionsByIndicator: new DataLoader(
      groupedByKey(
        (k) => findIndicatorDimensions(db, k),
        (r) => r.indicator,
      ),
    ),
    codelistById: new DataLoader(
      byKey(
        (k) => findCodelists(db, k),
        (r) => r.id,
      ),
    ),
    codesByCodelist: new DataLoader(
      groupedByKey(
        (k) => findCodes(db, k),
        (r) => r.codelist,
      ),
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
