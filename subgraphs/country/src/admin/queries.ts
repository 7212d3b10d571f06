import { and, asc, desc, eq } from 'drizzle-orm';
import type { Db } from '@migfed/subgraph-kit';
import { auditLog, observations, releases } from '../db/schema.js';

export type AdminReleaseRow = typeof releases.$inferSelect;

export function listReleases(db: Db, country: string, status?: 'draft' | 'published'): Promise<AdminReleaseRow[]> {
  const where = status ? and(eq(releases.country, country), eq(releases.status, status)) : eq(releases.country, country);
  return db.select().from(releases).where(where).orderBy(desc(releases.createdAt), desc(releases.id));
}

export async function releaseByName(db: Db, country: string, name: string): Promise<AdminReleaseRow | undefined> {
  const [row] = await db
    .select()
    .from(releases)
    .where(and(eq(releases.country, country), eq(releases.name, name)));
  return row;
}

export function releaseObservations(db: Db, releaseId: number, indicator: string | null, limit: number, offset: number) {
  const where = indicator
    ? and(eq(observations.releaseId, releaseId), eq(observations.indicator, indicator))
    : eq(observations.releaseId, releaseId);
  return db
    .select()
    .from(observations)
    .where(where)
    .orderBy(asc(observations.indicator), asc(observations.period), asc(observations.seriesKey))
    .limit(limit)
    .offset(offset);
}

export function recentAudit(db: Db, country: string, limit: number) {
  return db.select().from(auditLog).where(eq(auditLog.country, country)).orderBy(desc(auditLog.at), desc(auditLog.id)).limit(limit);
}
