import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '@migfed/subgraph-kit';
import { undesaMigrantStock as stock } from '../schema.js';

export type MigrantStockRow = typeof stock.$inferSelect;

/** Every migrant-stock figure of a release for the destinations asked (a few hundred rows at most). */
export function migrantStock(db: Db, release: string, destinations: readonly string[]): Promise<MigrantStockRow[]> {
  return db
    .select()
    .from(stock)
    .where(and(eq(stock.release, release), inArray(stock.destination, [...destinations])))
    .orderBy(asc(stock.destination), asc(stock.year), asc(stock.sex));
}
