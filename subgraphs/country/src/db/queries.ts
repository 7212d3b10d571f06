// The member's reads and writes besides reading cells (cells.ts): metadata, documents, releases,
// history, coverage, a release's changes, and the demo's inserts.
import { and, asc, desc, eq, getTableColumns, gt, inArray, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '@migfed/subgraph-kit';
import { alias } from 'drizzle-orm/pg-core';
import { cellFilter, columnsAs, type ObservationQuery, type ObservationRow, rowsOf, visibleAt } from './cells.js';
import { createCountryPartition, createReleasePartition } from './partitions.js';
import { documents, nationalMetadata, observations, observationVersions, releases } from './schema.js';

export type NewObservation = typeof observations.$inferInsert;
export type MetadataRow = typeof nationalMetadata.$inferSelect;
export type DocumentRow = typeof documents.$inferSelect;

const METADATA_COLUMNS = columnsAs(getTableColumns(nationalMetadata));

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
