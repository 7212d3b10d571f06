import { and, asc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '@migfed/subgraph-kit';
import { documents, nationalMetadata, observations } from './schema.js';

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
}

/** Canonical identity of a cell within indicator and period: `DIM=CODE;…`, dimensions sorted. */
export function seriesKey(dims: Record<string, string>): string {
  return Object.keys(dims)
    .sort()
    .map((d) => `${d}=${dims[d]}`)
    .join(';');
}

/** One statement: the cells of one indicator in a period range, restricted per dimension. */
export function findObservations(db: Db, q: ObservationQuery): Promise<ObservationRow[]> {
  const conditions: SQL[] = [eq(observations.country, q.country), eq(observations.indicator, q.indicator)];
  if (q.fromDate) conditions.push(gte(observations.periodStart, q.fromDate));
  if (q.toDate) conditions.push(lte(observations.periodEnd, q.toDate));
  for (const [dimension, codes] of q.codesByDimension) {
    conditions.push(inArray(sql<string>`${observations.dims} ->> ${dimension}`, [...codes]));
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
      lastRelease: sql<string | null>`(array_agg(${observations.release} order by ${observations.createdAt} desc, ${observations.period} desc))[1]`,
      lastPublishedAt: sql<Date | null>`max(${observations.createdAt})`,
    })
    .from(observations)
    .where(and(eq(observations.country, country), totals))
    .groupBy(observations.indicator)
    .orderBy(asc(observations.indicator));
}
