// The cells a query names and how they are read: the versions view's rows as readers see them, the
// series keys a filter lists, and the one statement that reads the cells of several queries
// (observations with every version column; figures and flags only, for breakdowns).
import type { Catalog } from '@migfed/schema';
import type { Db } from '@migfed/subgraph-kit';
import { and, eq, getViewSelectedFields, gt, inArray, isNull, lte, or, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { observationVersions } from './schema.js';

/** A version of a cell as readers see it (the `observation_versions` view). */
export type ObservationRow = {
  country: string;
  releaseId: number;
  indicator: string;
  seriesKey: string;
  period: string;
  value: number | null;
  obsStatus: string;
  confStatus: string;
  release: string;
  validFrom: Date | string | null;
  validTo: Date | string | null;
  previousValue: number | null;
  previousConf: string | null;
  previousRelease: string | null;
};

export interface ObservationQuery {
  country: string;
  indicator: string;
  /** First period asked for (inclusive), in the indicator's frequency. */
  fromPeriod?: string;
  /** Last period asked for (inclusive), in the indicator's frequency. */
  toPeriod?: string;
  /**
   * For every dimension of the indicator: the codes asked for (`['_T']` when not named); null for
   * every code the member holds (no restriction on that dimension).
   */
  codesByDimension: ReadonlyMap<string, readonly string[] | null>;
  /** What readers saw at this instant (ISO 8601); absent means now. */
  asOf?: string;
}

/** Versions published and past their embargo at `asOf` (now when absent), not yet revised then. */
export function visibleAt(asOf?: string, table: { validFrom: AnyPgColumn; validTo: AnyPgColumn } = observationVersions): SQL {
  const at = asOf ? sql`${asOf}::timestamptz` : sql`now()`;
  return and(lte(table.validFrom, at), or(isNull(table.validTo), gt(table.validTo, at)))!;
}

/**
 * Identity of a cell within indicator and period: the codes of its dimensions in the order of the
 * dimension names, joined with `;` (`SEX=F, AGE=Y15T64` → `Y15T64;F`). Short on purpose: it is
 * written for every cell of every import and sorted when a release's index is built.
 */
export function seriesKey(dims: Record<string, string>): string {
  return Object.keys(dims)
    .sort()
    .map((d) => dims[d])
    .join(';');
}

/** The dimensions of a stored cell, from its series key and the indicator's dimensions. */
export function dimensionsOf(catalog: Catalog, indicator: string, key: string): Record<string, string> {
  const names = [...(catalog.indicator(indicator)?.dimensions ?? [])].sort();
  const codes = key === '' ? [] : key.split(';');
  return Object.fromEntries(names.map((d, i) => [d, codes[i] ?? '_T']));
}

/** Beyond this many cells a query filters on the dimension codes instead of listing series keys. */
const MAX_SERIES_KEYS = 1_000;

/**
 * Every cell a query asks for, as series keys (the product of the codes per dimension), so the
 * release indexes find exactly those rows; undefined when the product is too large to list.
 */
export function seriesKeys(codesByDimension: ReadonlyMap<string, readonly string[] | null>): string[] | undefined {
  let combos: Record<string, string>[] = [{}];
  for (const [dimension, codes] of codesByDimension) {
    if (codes === null || combos.length * codes.length > MAX_SERIES_KEYS) return undefined;
    combos = combos.flatMap((c) => codes.map((code) => ({ ...c, [dimension]: code })));
  }
  return combos.map(seriesKey);
}

/** The cells a query names: their series keys, or each dimension's codes at its place in the key. */
export function cellFilter(q: ObservationQuery, key: AnyPgColumn = observationVersions.seriesKey): SQL[] {
  const keys = seriesKeys(q.codesByDimension);
  if (keys) return [inArray(key, keys)];
  const names = [...q.codesByDimension.keys()].sort();
  return names.flatMap((d, i) => {
    const codes = q.codesByDimension.get(d);
    return codes ? [inArray(sql<string>`split_part(${key}, ';', ${i + 1})`, [...codes])] : [];
  });
}

/** Whether a stored cell's series key is one a query names (cellFilter, in memory). */
export function cellMatcher(q: ObservationQuery): (seriesKey: string) => boolean {
  const keys = seriesKeys(q.codesByDimension);
  if (keys) {
    const set = new Set(keys);
    return (key) => set.has(key);
  }
  const names = [...q.codesByDimension.keys()].sort();
  const checks = names.flatMap((d, i) => {
    const codes = q.codesByDimension.get(d);
    return codes ? [[i, new Set(codes)] as const] : [];
  });
  return (key) => {
    const codes = key.split(';');
    return checks.every(([i, set]) => set.has(codes[i] ?? ''));
  };
}

/**
 * One statement: the cells of one indicator in a period range, restricted per dimension. `limit`
 * stops the database after that many rows (the request's row budget, see row-budget.ts).
 */
export function findObservations(db: Db, q: ObservationQuery, limit?: number): Promise<ObservationRow[]> {
  return findObservationsOf(db, [q], limit);
}

/**
 * The cells of several queries that share member, period range and `asOf` (e.g. both sides of a
 * mirror pair, or aliases) in ONE statement: planning a read of the versions view costs about as
 * much as running it, so a request asking for two indicators pays it once. Ordered by period, then
 * series; a row belongs to every query whose cells it is (see cellMatcher).
 */
export function findObservationsOf(db: Db, queries: readonly ObservationQuery[], limit?: number): Promise<ObservationRow[]> {
  return selectCells<ObservationRow>(db, queries, OBSERVATION_COLUMNS, limit);
}

/** A cell's figure and flags only: what `breakdown` sends (no validity, no previous version). */
export type FigureRow = Pick<ObservationRow, (typeof FIGURE_FIELDS)[number]>;

/**
 * As findObservationsOf, reading only FigureRow's columns: half the columns of a version, none of
 * them a timestamp to parse, for a breakdown of a few hundred cells a member.
 */
export function findFiguresOf(db: Db, queries: readonly ObservationQuery[], limit?: number): Promise<FigureRow[]> {
  return selectCells<FigureRow>(db, queries, FIGURE_COLUMNS, limit);
}

async function selectCells<T>(db: Db, queries: readonly ObservationQuery[], columns: string, limit?: number): Promise<T[]> {
  const v = observationVersions;
  const [q] = queries;
  if (!q) return [];
  const cells = queries.map((x) => and(eq(v.indicator, x.indicator), ...cellFilter(x))!);
  const conditions: SQL[] = [eq(v.country, q.country), visibleAt(q.asOf), cells.length === 1 ? cells[0]! : or(...cells)!];
  if (q.fromPeriod) conditions.push(sql`${v.period} >= ${q.fromPeriod}`);
  if (q.toPeriod) conditions.push(sql`${v.period} <= ${q.toPeriod}`);
  // The columns under their row names, read as the driver gives them: drizzle's typed select maps
  // every field of every row through its column objects, which cost more than the statement for a
  // breakdown of a few thousand figures (a partner breakdown over ten years of months).
  const result = await db.execute<T & Record<string, unknown>>(
    sql`select ${sql.raw(columns)} from ${v} where ${and(...conditions)} order by ${v.period}, ${v.seriesKey}${limit === undefined ? sql`` : sql` limit ${limit}`}`,
  );
  return rowsOf(result);
}

/**
 * `"column" as "field"` for each field of a drizzle table or view (all of them when `fields` is not
 * given): a raw select whose rows come named as the typed select would name them, without its mapping.
 */
export function columnsAs(columns: Record<string, { name: string }>, fields: readonly string[] = Object.keys(columns)): string {
  return fields.map((field) => `"${columns[field]!.name}" as "${field}"`).join(', ');
}

const VERSION_COLUMNS = getViewSelectedFields(observationVersions) as Record<string, { name: string }>;
const OBSERVATION_FIELDS = [
  'country',
  'releaseId',
  'indicator',
  'seriesKey',
  'period',
  'value',
  'obsStatus',
  'confStatus',
  'release',
  'validFrom',
  'validTo',
  'previousValue',
  'previousConf',
  'previousRelease',
] as const satisfies readonly (keyof ObservationRow)[];
const FIGURE_FIELDS = ['indicator', 'seriesKey', 'period', 'value', 'obsStatus', 'confStatus', 'release'] as const;
const OBSERVATION_COLUMNS = columnsAs(VERSION_COLUMNS, OBSERVATION_FIELDS);
const FIGURE_COLUMNS = columnsAs(VERSION_COLUMNS, FIGURE_FIELDS);

/** The rows of `db.execute`: postgres.js gives an array of them, PGlite a result holding them. */
export function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows;
}
