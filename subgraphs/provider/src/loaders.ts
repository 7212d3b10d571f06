import DataLoader from 'dataloader';
import type { Db } from '@migfed/subgraph-kit';
import { listReleases, type ReleaseRecord } from './db/queries/releases.js';
import * as unhcr from './db/queries/unhcr.js';
import { type ByOriginQuery, migrantStock, migrantStockByOrigin, type MigrantStockRow } from './db/queries/undesa.js';

/** A figure asked for one country of asylum (`coa`); everything else is shared by a batch. */
export type Key<Q> = Q & { coa: string };

/**
 * One DataLoader per access path: a report over every member asks the same figure for each, and
 * the gateway sends all of them in one `_entities` request; the loader turns them into ONE
 * statement (`coa = ANY(…)`) per distinct query.
 */
function perCountry<Q extends object, R extends { coa: string }>(fetch: (q: Q, coas: readonly string[]) => Promise<R[]>) {
  const keyOf = (k: Key<Q>) =>
    JSON.stringify(
      Object.entries(k)
        .filter(([name]) => name !== 'coa')
        .sort(),
    );
  return new DataLoader<Key<Q>, R[], string>(
    async (keys) => {
      const batches = new Map<string, Key<Q>[]>();
      for (const k of keys) batches.set(keyOf(k), [...(batches.get(keyOf(k)) ?? []), k]);
      const rows = new Map<string, R[]>();
      await Promise.all(
        [...batches].map(async ([batch, ks]) => {
          for (const row of await fetch(ks[0]!, [...new Set(ks.map((k) => k.coa))])) {
            const id = `${batch}|${row.coa}`;
            rows.set(id, [...(rows.get(id) ?? []), row]);
          }
        }),
      );
      return keys.map((k) => rows.get(`${keyOf(k)}|${k.coa}`) ?? []);
    },
    { cacheKeyFn: (k) => `${keyOf(k)}|${k.coa}` },
  );
}

/** Built once per request (never module-level). */
export function createLoaders(db: Db) {
  return {
    releasesOf: new DataLoader<string, ReleaseRecord[]>((providers) => Promise.all(providers.map((p) => listReleases(db, p)))),
    applicationTotals: perCountry((q: unhcr.FigureQuery, coas) => unhcr.applicationTotals(db, q, coas)),
    applicationsByOrigin: perCountry((q: unhcr.FigureQuery, coas) => unhcr.applicationsByOrigin(db, q, coas)),
    decisionTotals: perCountry((q: unhcr.FigureQuery, coas) => unhcr.decisionTotals(db, q, coas)),
    decisionsByOrigin: perCountry((q: unhcr.FigureQuery, coas) => unhcr.decisionsByOrigin(db, q, coas)),
    populationTotals: perCountry((q: unhcr.FigureQuery, coas) => unhcr.populationTotals(db, q, coas)),
    populationByOrigin: perCountry((q: unhcr.FigureQuery, coas) => unhcr.populationByOrigin(db, q, coas)),
    demographics: perCountry((q: { release: string; year: number }, coas) => unhcr.demographicSums(db, q, coas)),
    migrantStock: perCountry((q: { release: string }, coas) =>
      migrantStock(db, q.release, coas).then((rows) => rows.map((r): MigrantStockRow & { coa: string } => ({ ...r, coa: r.destination }))),
    ),
    migrantStockByOrigin: perCountry((q: ByOriginQuery, coas) =>
      migrantStockByOrigin(db, q, coas).then((rows) => rows.map((r) => ({ ...r, coa: r.destination }))),
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
