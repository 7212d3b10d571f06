import DataLoader from 'dataloader';
import type { Db } from '@migfed/subgraph-kit';
import {
  type DocumentRow,
  type MetadataRow,
  type ObservationQuery,
  type ObservationRow,
  type CoverageRow,
  type ReleaseRow,
  countCells,
  findCoverage,
  findVisibleReleases,
  findDocuments,
  findMetadata,
  findObservations,
} from './db/queries.js';
import { createRowBudget, DEFAULT_ROW_LIMIT, nextLimit, type RowBudget, spend } from './row-budget.js';

export interface Loaders {
  observationsByQuery: DataLoader<ObservationQuery, ObservationRow[], string>;
  metadataByIndicator: DataLoader<string, MetadataRow | null>;
  documentsByCountry: DataLoader<string, DocumentRow[]>;
  coverageByCountry: DataLoader<string, CoverageRow[]>;
  releasesByCountry: DataLoader<string, ReleaseRow[]>;
  cellsByRelease: DataLoader<number, number>;
  /** Observation rows this request may still read (history reads it too). */
  rows: RowBudget;
}

const queryKey = (q: ObservationQuery) =>
  JSON.stringify([q.country, q.indicator, q.fromPeriod ?? '', q.toPeriod ?? '', q.asOf ?? '', [...q.codesByDimension].sort()]);

/**
 * Built once per request (never module-level). Identical observation queries within one request
 * (the same field under several aliases or entities) run once; metadata for every indicator asked
 * in the request is one statement.
 */
export function createLoaders(db: Db, country: string, rowLimit = DEFAULT_ROW_LIMIT): Loaders {
  const rows = createRowBudget(rowLimit);
  return {
    rows,
    // Each query answers for itself: one refused for the row limit does not take the others' rows with it.
    observationsByQuery: new DataLoader(
      (queries) =>
        Promise.all(
          queries.map((q) =>
            findObservations(db, q, nextLimit(rows)).then(
              (found) => spend(rows, found),
              (err: Error) => err,
            ),
          ),
        ),
      { cacheKeyFn: queryKey },
    ),
    metadataByIndicator: new DataLoader(async (indicators) => {
      const rows = await findMetadata(db, country, indicators);
      const byIndicator = new Map(rows.map((r) => [r.indicator, r]));
      return indicators.map((i) => byIndicator.get(i) ?? null);
    }),
    documentsByCountry: new DataLoader((countries) => Promise.all(countries.map((c) => findDocuments(db, c)))),
    coverageByCountry: new DataLoader((countries) => Promise.all(countries.map((c) => findCoverage(db, c)))),
    releasesByCountry: new DataLoader((countries) => Promise.all(countries.map((c) => findVisibleReleases(db, c)))),
    cellsByRelease: new DataLoader(async (ids) => {
      const counts = await countCells(db, ids);
      return ids.map((id) => counts.get(id) ?? 0);
    }),
  };
}
