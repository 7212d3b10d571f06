import { asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '@migfed/subgraph-kit';
import { releases } from '../schema.js';

export type ReleaseRecord = typeof releases.$inferSelect;

/**
 * A provider's releases, the one answering by default first: real releases before the demo's
 * generated one, then the most recently published (unknown dates last), then the latest import.
 */
export function listReleases(db: Db, provider: string): Promise<ReleaseRecord[]> {
  return db
    .select()
    .from(releases)
    .where(eq(releases.provider, provider))
    .orderBy(asc(releases.demo), sql`${releases.publishedOn} desc nulls last`, desc(releases.importedAt), desc(releases.label));
}

/** Whether a provider has any release yet (the demo generates one only into an empty database). */
export async function hasRelease(db: Db, provider: string): Promise<boolean> {
  const rows = await db.select({ label: releases.label }).from(releases).where(eq(releases.provider, provider)).limit(1);
  return rows.length > 0;
}
