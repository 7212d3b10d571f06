import { and, asc, desc, eq, gt, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Catalog } from '@migfed/schema';
import type { Db } from '@migfed/subgraph-kit';
import { alias, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { createCountryPartition, createReleasePartition } from './partitions.js';
import { documents, nationalMetadata, observations, observationVersions, releases } from './schema.js';

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
export type NewObservation = typeof observations.$inferInsert;
export type MetadataRow = typeof nationalMetadata.$inferSelect;
export type DocumentRow = typeof documents.$inferSelect;

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
function cellFilter(q: ObservationQuery, key: AnyPgColumn = observationVersions.seriesKey): SQL[] {
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
export type FigureRow = Pick<ObservationRow, 'indicator' | 'seriesKey' | 'period' | 'value' | 'obsStatus' | 'confStatus' | 'release'>;

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

/** The versions view's columns as ObservationRow's fields. */
const OBSERVATION_COLUMNS = [
  'country',
  'release_id as "releaseId"',
  'indicator',
  'series_key as "seriesKey"',
  'period',
  'value',
  'obs_status as "obsStatus"',
  'conf_status as "confStatus"',
  'release',
  'valid_from as "validFrom"',
  'valid_to as "validTo"',
  'previous_value as "previousValue"',
  'previous_conf as "previousConf"',
  'previous_release as "previousRelease"',
].join(', ');

/** The versions view's columns as FigureRow's fields. */
const FIGURE_COLUMNS = [
  'indicator',
  'series_key as "seriesKey"',
  'period',
  'value',
  'obs_status as "obsStatus"',
  'conf_status as "confStatus"',
  'release',
].join(', ');

/** The rows of `db.execute`: postgres.js gives an array of them, PGlite a result holding them. */
function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows;
}

/** The national metadata table's columns as MetadataRow's fields. */
const METADATA_COLUMNS = [
  'country',
  'indicator',
  'national_definition as "nationalDefinition"',
  'difference_from_agreed as "differenceFromAgreed"',
  'source_type as "sourceType"',
  'agency',
  'coverage',
  'comparability',
  'updated_at as "updatedAt"',
].join(', ');

/**
 * A member's metadata for some indicators. Read like the cells (columns under their row names, no
 * typed select): a bilateral matrix asks every member for two indicators' notes beside its figures,
 * and the typed select's building and mapping cost several times the statement.
 */
export async function findMetadata(db: Db, country: string, indicators: readonly string[]): Promise<MetadataRow[]> {
  const m = nationalMetadata;
  const result = await db.execute<MetadataRow & Record<string, unknown>>(
    sql`select ${sql.raw(METADATA_COLUMNS)} from ${m} where ${m.country} = ${country} and ${inArray(m.indicator, [...indicators])}`,
  );
  return rowsOf(result);
}

export function findDocuments(db: Db, country: string): Promise<DocumentRow[]> {
  return db
    .select()
    .from(documents)
    .where(eq(documents.country, country))
    .orderBy(sql`${documents.adopted} desc nulls last`, asc(documents.id));
}

/** Creates the partitions a release's cells go into, when missing (the demo's seed). */
export async function ensurePartition(db: Db, country: string, releaseId: number): Promise<void> {
  await db.execute(sql.raw(createCountryPartition(country)));
  await db.execute(sql.raw(createReleasePartition(country, releaseId)));
}

/** Inserts rows in chunks (the demo's seed; national imports use COPY, see publishing/). */
export async function insertObservations(db: Db, rows: readonly NewObservation[], chunk = 2_000): Promise<void> {
  const releases = new Map(rows.map((r) => [r.releaseId, r.country]));
  for (const [id, country] of releases) await ensurePartition(db, country, id);
  for (let i = 0; i < rows.length; i += chunk) {
    await db.insert(observations).values(rows.slice(i, i + chunk));
  }
}

export async function upsertMetadata(db: Db, rows: readonly (typeof nationalMetadata.$inferInsert)[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insert(nationalMetadata)
    .values([...rows])
    .onConflictDoUpdate({
      target: [nationalMetadata.country, nationalMetadata.indicator],
      set: {
        nationalDefinition: sql`excluded.national_definition`,
        differenceFromAgreed: sql`excluded.difference_from_agreed`,
        sourceType: sql`excluded.source_type`,
        agency: sql`excluded.agency`,
        coverage: sql`excluded.coverage`,
        comparability: sql`excluded.comparability`,
        updatedAt: sql`now()`,
      },
    });
}

export async function insertDocuments(db: Db, rows: readonly (typeof documents.$inferInsert)[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insert(documents)
    .values([...rows])
    .onConflictDoNothing();
}

export type ReleaseRow = typeof releases.$inferSelect;

/** Releases readers can see: published and past their embargo, newest first. */
export function findVisibleReleases(db: Db, country: string): Promise<ReleaseRow[]> {
  return db
    .select()
    .from(releases)
    .where(and(eq(releases.country, country), eq(releases.status, 'published'), lte(releases.visibleFrom, sql`now()`)))
    .orderBy(sql`${releases.visibleFrom} desc`, asc(releases.id));
}

/** When the next scheduled (published, still embargoed) release becomes visible, if any. */
export async function findNextRelease(db: Db, country: string): Promise<Date | null> {
  const [row] = await db
    .select({ at: releases.visibleFrom })
    .from(releases)
    .where(and(eq(releases.country, country), eq(releases.status, 'published'), gt(releases.visibleFrom, sql`now()`)))
    .orderBy(asc(releases.visibleFrom))
    .limit(1);
  return row?.at ? new Date(row.at) : null;
}

/** Every published version of the cells of a query in its period range, by cell, oldest first (their history). */
export async function findHistory(db: Db, q: ObservationQuery, limit?: number): Promise<ObservationRow[]> {
  const v = observationVersions;
  const conditions: SQL[] = [eq(v.country, q.country), eq(v.indicator, q.indicator), lte(v.validFrom, sql`now()`), ...cellFilter(q)];
  if (q.fromPeriod) conditions.push(sql`${v.period} >= ${q.fromPeriod}`);
  if (q.toPeriod) conditions.push(sql`${v.period} <= ${q.toPeriod}`);
  const query = db
    .select()
    .from(v)
    .where(and(...conditions))
    .orderBy(asc(v.seriesKey), asc(v.period), asc(v.validFrom));
  return limit === undefined ? query : query.limit(limit);
}

/** Whether the member has any observation yet (the demo seeds an empty database once). */
export async function hasObservations(db: Db, country: string): Promise<boolean> {
  const rows = await db.select({ one: sql<number>`1` }).from(observations).where(eq(observations.country, country)).limit(1);
  return rows.length > 0;
}

export interface CoverageRow {
  indicator: string;
  firstPeriod: string;
  lastPeriod: string;
  periods: number;
  lastRelease: string | null;
  lastPublishedAt: Date | null;
}

/** Per indicator: first and last period with a total, how many, and the latest release (one statement). */
export async function findCoverage(db: Db, country: string): Promise<CoverageRow[]> {
  const v = observationVersions;
  // A total has `_T` for every dimension (an indicator without dimensions has the empty key).
  const totals = sql`${v.seriesKey} ~ '^(_T(;_T)*)?$'`;
  return db
    .select({
      indicator: v.indicator,
      firstPeriod: sql<string>`min(${v.period})`,
      lastPeriod: sql<string>`max(${v.period})`,
      periods: sql<number>`count(distinct ${v.period})::int`,
      lastRelease: sql<string | null>`(array_agg(${v.release} order by ${v.validFrom} desc, ${v.period} desc))[1]`,
      lastPublishedAt: sql<Date | null>`max(${v.validFrom})`,
    })
    .from(v)
    .where(and(eq(v.country, country), totals, visibleAt()))
    .groupBy(v.indicator)
    .orderBy(asc(v.indicator));
}

export interface ChangeRow {
  indicator: string;
  period: string;
  seriesKey: string;
  value: number | null;
  obsStatus: string;
  confStatus: string;
  previousValue: number | null;
  previousStatus: string | null;
  previousConf: string | null;
  previousRelease: string | null;
}

/**
 * Cells of a release that are new or differ from what stood before it: for a published release,
 * the latest version published before it; for a draft, what readers see now. The earlier versions
 * are looked up only for the release's own cells (a semi-join the planner runs as index probes
 * for a small release and as a hash join for a large one), then the latest of each is kept.
 */
export function findChanges(
  db: Db,
  release: { id: number; country: string; visibleFrom: Date | string | null },
  limit: number,
): Promise<ChangeRow[]> {
  const o = observations;
  const p = alias(observations, 'p');
  const before = release.visibleFrom
    ? sql`(${releases.visibleFrom}, ${releases.id}) < (${new Date(release.visibleFrom).toISOString()}::timestamptz, ${release.id})`
    : sql`${releases.visibleFrom} <= now()`;
  const own = db
    .select({ seriesKey: o.seriesKey, period: o.period, indicator: o.indicator })
    .from(o)
    .where(and(eq(o.country, release.country), eq(o.releaseId, release.id)));
  const previous = db
    .selectDistinctOn([p.seriesKey, p.period, p.indicator], {
      seriesKey: sql<string>`${p.seriesKey}`.as('previous_key'),
      period: sql<string>`${p.period}`.as('previous_period'),
      indicator: sql<string>`${p.indicator}`.as('previous_indicator'),
      value: sql<number | null>`${p.value}`.as('previous_value'),
      obsStatus: sql<string>`${p.obsStatus}`.as('previous_status'),
      confStatus: sql<string>`${p.confStatus}`.as('previous_conf'),
      release: sql<string>`${releases.name}`.as('previous_release'),
    })
    .from(p)
    .innerJoin(releases, eq(releases.id, p.releaseId))
    .where(
      and(
        eq(p.country, release.country),
        sql`${p.releaseId} <> ${release.id}`,
        sql`${releases.visibleFrom} is not null`,
        before,
        sql`(${p.seriesKey}, ${p.period}, ${p.indicator}) in (${own})`,
      ),
    )
    .orderBy(p.seriesKey, p.period, p.indicator, desc(releases.visibleFrom), desc(releases.id))
    .as('previous');
  return db
    .select({
      indicator: o.indicator,
      period: o.period,
      seriesKey: o.seriesKey,
      value: o.value,
      obsStatus: o.obsStatus,
      confStatus: o.confStatus,
      previousValue: previous.value,
      previousStatus: previous.obsStatus,
      previousConf: previous.confStatus,
      previousRelease: previous.release,
    })
    .from(o)
    .leftJoin(previous, and(eq(previous.seriesKey, o.seriesKey), eq(previous.period, o.period), eq(previous.indicator, o.indicator)))
    .where(
      and(
        eq(o.country, release.country),
        eq(o.releaseId, release.id),
        or(
          sql`${previous.release} is null`,
          sql`${previous.value} is distinct from ${o.value}`,
          sql`${previous.obsStatus} <> ${o.obsStatus}`,
          sql`${previous.confStatus} <> ${o.confStatus}`,
        ),
      ),
    )
    .orderBy(asc(o.indicator), asc(o.period), asc(o.seriesKey))
    .limit(limit);
}

/** Cells per release, for the releases listed (one statement). */
export async function countCells(db: Db, releaseIds: readonly number[]): Promise<Map<number, number>> {
  if (releaseIds.length === 0) return new Map();
  const rows = await db
    .select({ releaseId: observations.releaseId, n: sql<number>`count(*)::int` })
    .from(observations)
    .where(inArray(observations.releaseId, [...releaseIds]))
    .groupBy(observations.releaseId);
  return new Map(rows.map((r) => [r.releaseId, r.n]));
}
