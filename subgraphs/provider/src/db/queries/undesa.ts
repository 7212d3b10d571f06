import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Db } from '@migfed/subgraph-kit';
import { undesaMigrantStockByOrigin as byOrigin, undesaMigrantStock as stock } from '../schema.js';

export type MigrantStockRow = typeof stock.$inferSelect;
export type MigrantStockByOriginRow = typeof byOrigin.$inferSelect;

/** Every migrant-stock figure of a release for the destinations asked (a few hundred rows at most). */
export function migrantStock(db: Db, release: string, destinations: readonly string[]): Promise<MigrantStockRow[]> {
  return db
    .select()
    .from(stock)
    .where(and(eq(stock.release, release), inArray(stock.destination, [...destinations])))
    .orderBy(asc(stock.destination), asc(stock.year), asc(stock.sex));
}

/** What narrows the origin–destination figures asked for (every destination of a batch alike). */
export interface ByOriginQuery {
  release: string;
  year: number | null;
  sex: string | null;
  origins: readonly string[] | null;
}

/** The origin–destination figures of a release for the destinations asked, oldest year first, largest first. */
export function migrantStockByOrigin(db: Db, q: ByOriginQuery, destinations: readonly string[]): Promise<MigrantStockByOriginRow[]> {
  const where: SQL[] = [eq(byOrigin.release, q.release), inArray(byOrigin.destination, [...destinations])];
  if (q.year !== null) where.push(eq(byOrigin.year, q.year));
  if (q.sex !== null) where.push(eq(byOrigin.sex, q.sex));
  if (q.origins !== null) where.push(inArray(byOrigin.origin, [...q.origins]));
  return db
    .select()
    .from(byOrigin)
    .where(and(...where))
    .orderBy(
      asc(byOrigin.destination),
      asc(byOrigin.year),
      asc(byOrigin.sex),
      sql`${byOrigin.value} desc nulls last`,
      asc(byOrigin.origin),
    );
}
