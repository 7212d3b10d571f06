import DataLoader from 'dataloader';
import type { Db } from '@migfed/subgraph-kit';
import { cellMatcher, type FigureRow, findFiguresOf, findObservationsOf, type ObservationQuery, type ObservationRow } from './db/cells.js';
import {
  type CoverageRow,
  countCells,
  type DocumentRow,
  findCoverage,
  findDocuments,
  findMetadata,
  findVisibleReleases,
  type MetadataRow,
  type ReleaseRow,
} from './db/queries.js';
import { createRowBudget, DEFAULT_ROW_LIMIT, nextLimit, type RowBudget, spend } from './row-budget.js';

export interface Loaders {
  observationsByQuery: DataLoader<ObservationQuery, ObservationRow[], string>;
  /** The same cells as figures and flags only (`breakdown`). */
  figuresByQuery: DataLoader<ObservationQuery, FigureRow[], string>;
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
 * Queries over the same periods are read in one statement (`findOf`). Each query still answers for
 * itself: one refused for the row limit does not take the others' rows with it (when their rows
 * together pass the limit, they are read one by one).
 */
function cellsLoader<T extends FigureRow>(
  db: Db,
  rows: RowBudget,
  findOf: (db: Db, queries: readonly ObservationQuery[], limit?: number) => Promise<T[]>,
): DataLoader<ObservationQuery, T[], string> {
  return new DataLoader(
    async (queries) => {
      const out = new Map<ObservationQuery, T[] | Error>();
      const one = (q: ObservationQuery) =>
        findOf(db, [q], nextLimit(rows)).then(
          (found) => out.set(q, spend(rows, found)),
          (err: Error) => out.set(q, err),
        );
      const groups = new Map<string, ObservationQuery[]>();
      for (const q of queries) {
        const key = JSON.stringify([q.country, q.fromPeriod ?? '', q.toPeriod ?? '', q.asOf ?? '']);
        groups.set(key, [...(groups.get(key) ?? []), q]);
      }
      await Promise.all(
        [...groups.values()].map(async (group) => {
          if (group.length === 1) return one(group[0]!);
          const limit = nextLimit(rows);
          const found = await findOf(db, group, limit).catch((err: Error) => err);
          if (found instanceof Error) {
            for (const q of group) out.set(q, found);
            return;
          }
          const mine = group.map((q) => {
            const matches = cellMatcher(q);
            return found.filter((r) => r.indicator === q.indicator && matches(r.seriesKey));
          });
          if (found.length >= limit || mine.reduce((n, m) => n + m.length, 0) >= limit) {
            for (const q of group) await one(q);
            return;
          }
          for (const [i, q] of group.entries()) out.set(q, spend(rows, mine[i]!));
        }),
      );
      return queries.map((q) => out.get(q)!);
    },
    { cacheKeyFn: queryKey },
  );
}

/**
 * Built once per request (never module-level). Identical observation queries within one request
 * (the same field under several aliases or entities) run once; metadata for every indicator asked
 * in the request is one statement.
 */
export function createLoaders(db: Db, country: string, rowLimit = DEFAULT_ROW_LIMIT): Loaders {
  const rows = createRowBudget(rowLimit);
  return {
    rows,
    observationsByQuery: cellsLoader(db, rows, findObservationsOf),
    figuresByQuery: cellsLoader(db, rows, findFiguresOf),
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
