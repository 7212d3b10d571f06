import { and, asc, eq, gt, gte, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '@migfed/subgraph-kit';
import { alias, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { documents, nationalMetadata, observations, releases } from './schema.js';

export type ObservationRow = typeof observations.$inferSelect;
export type NewObservation = typeof observations.$inferInsert;
export type MetadataRow = typeof nationalMetadata.$inferSelect;
export type DocumentRow = typeof documents.$inferSelect;

export interface ObservationQuery {
  country: string;
  indicator: string;
  /** First day of the `from` period, inclusive. */
  fromDate?: string;
  /** Last day of the `to` period, inclusive. */
  toDate?: string;
  /** For every dimension of the indicator: the codes asked for (`['_T']` when not named). */
  codesByDimension: ReadonlyMap<string, readonly string[]>;
  /** What readers saw at this instant (ISO 8601); absent means now. */
  asOf?: string;
}

/** Rows published and past their embargo at `asOf` (now when absent), not yet revised then. */
export function visibleAt(asOf?: string, table: { validFrom: AnyPgColumn; validTo: AnyPgColumn } = observations): SQL {
  const at = asOf ? sql`${asOf}::timestamptz` : sql`now()`;
  return and(lte(table.validFrom, at), or(isNull(table.validTo), gt(table.validTo, at)))!;
}

/** Canonical identity of a cell within indicator and period: `DIM=CODE;…`, dimensions sorted. */
export function seriesKey(dims: Record<string, string>): string {
  return Object.keys(dims)
    .sort()
    .map((d) => `${d}=${dims[d]}`)
    .join(';');
}

/** Beyond this many cells a query filters on the dimension codes instead of listing series keys. */
const MAX_SERIES_KEYS = 1_000;

/**
 * Every cell a query asks for, as series keys (the product of the codes per dimension), so the
 * (country, indicator, series_key, period) index finds exactly those rows; undefined when the
 * product is too large to list.
 */
export function seriesKeys(codesByDimension: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  let combos: Record<string, string>[] = [{}];
  for (const [dimension, codes] of codesByDimension) {
    if (combos.length * codes.length > MAX_SERIES_KEYS) return undefined;
    combos = combos.flatMap((c) => codes.map((code) => ({ ...c, [dimension]: code })));
  }
  return combos.map(seriesKey);
}

/** One statement: the cells of one indicator in a period range, restricted per dimension. */
export function findObservations(db: Db, q: ObservationQuery): Promise<ObservationRow[]> {
  const conditions: SQL[] = [eq(observations.country, q.country), eq(observations.indicator, q.indicator), visibleAt(q.asOf)];
  if (q.fromDate) conditions.push(gte(observations.periodStart, q.fromDate));
  if (q.toDate) conditions.push(lte(observations.periodEnd, q.toDate));
  const keys = seriesKeys(q.codesByDimension);
  if (keys) conditions.push(inArray(observations.seriesKey, keys));
  else {
    for (const [dimension, codes] of q.codesByDimension) {
      conditions.push(inArray(sql<string>`${observations.dims} ->> ${dimension}`, [...codes]));
    }
  }
  return db
    .select()
    .from(observations)
    .where(and(...conditions))
    .orderBy(asc(observations.periodStart), asc(observations.seriesKey));
}

export function findMetadata(db: Db, country: string, indicators: readonly string[]): Promise<MetadataRow[]> {
  return db
    .select()
    .from(nationalMetadata)
    .where(and(eq(nationalMetadata.country, country), inArray(nationalMetadata.indicator, [...indicators])));
}

export function findDocuments(db: Db, country: string): Promise<DocumentRow[]> {
  return db
    .select()
    .from(documents)
    .where(eq(documents.country, country))
    .orderBy(sql`${documents.adopted} desc nulls last`, asc(documents.id));
}

/** Inserts rows in chunks (the demo's seed; national imports use COPY, see the publishing issue). */
export async function insertObservations(db: Db, rows: readonly NewObservation[], chunk = 2_000): Promise<void> {
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
  await db.insert(documents).values([...rows]).onConflictDoNothing();
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

/** Every published version of the cells of a query, oldest first (the cell's history). */
export function findHistory(db: Db, q: ObservationQuery & { period: string }): Promise<ObservationRow[]> {
  const conditions: SQL[] = [
    eq(observations.country, q.country),
    eq(observations.indicator, q.indicator),
    eq(observations.period, q.period),
    lte(observations.validFrom, sql`now()`),
  ];
  for (const [dimension, codes] of q.codesByDimension) {
    conditions.push(inArray(sql<string>`${observations.dims} ->> ${dimension}`, [...codes]));
  }
  return db.select().from(observations).where(and(...conditions)).orderBy(asc(observations.seriesKey), asc(observations.validFrom));
}

/** Whether the member has any observation yet (the demo seeds an empty database once). */
export async function hasObservations(db: Db, country: string): Promise<boolean> {
  const rows = await db.select({ id: observations.id }).from(observations).where(eq(observations.country, country)).limit(1);
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
  const totals = sql`not exists (select 1 from jsonb_each_text(${observations.dims}) d where d.value <> '_T')`;
  return db
    .select({
      indicator: observations.indicator,
      firstPeriod: sql<string>`min(${observations.period})`,
      lastPeriod: sql<string>`max(${observations.period})`,
      periods: sql<number>`count(distinct ${observations.period})::int`,
      lastRelease: sql<string | null>`(array_agg(${observations.release} order by ${observations.validFrom} desc, ${observations.period} desc))[1]`,
      lastPublishedAt: sql<Date | null>`max(${observations.validFrom})`,
    })
    .from(observations)
    .where(and(eq(observations.country, country), totals, visibleAt()))
    .groupBy(observations.indicator)
    .orderBy(asc(observations.indicator));
}

export interface ChangeRow {
  indicator: string;
  period: string;
  dims: Record<string, string>;
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
 * the versions it closed; for a draft, what readers see now.
 */
export function findChanges(db: Db, release: { id: number; visibleFrom: Date | null }, limit: number): Promise<ChangeRow[]> {
  const p = alias(observations, 'previous');
  const before = release.visibleFrom
    ? and(sql`${p.validFrom} is not null`, eq(p.validTo, release.visibleFrom))
    : visibleAt(undefined, p);
  return db
    .select({
      indicator: observations.indicator,
      period: observations.period,
      dims: observations.dims,
      value: observations.value,
      obsStatus: observations.obsStatus,
      confStatus: observations.confStatus,
      previousValue: p.value,
      previousStatus: p.obsStatus,
      previousConf: p.confStatus,
      previousRelease: p.release,
    })
    .from(observations)
    .leftJoin(
      p,
      and(
        eq(p.country, observations.country),
        eq(p.indicator, observations.indicator),
        eq(p.period, observations.period),
        eq(p.seriesKey, observations.seriesKey),
        sql`${p.releaseId} <> ${observations.releaseId}`,
        before,
      ),
    )
    .where(
      and(
        eq(observations.releaseId, release.id),
        or(isNull(p.id), sql`${p.value} is distinct from ${observations.value}`, sql`${p.obsStatus} <> ${observations.obsStatus}`, sql`${p.confStatus} <> ${observations.confStatus}`),
      ),
    )
    .orderBy(asc(observations.indicator), asc(observations.periodStart), asc(observations.seriesKey))
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
  return new Map(rows.map((r) => [r.releaseId ?? 0, r.n]));
}
