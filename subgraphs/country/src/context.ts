import type { Catalog } from '@migfed/schema';
import type { Db } from '@migfed/subgraph-kit';
import { createLoaders, type Loaders } from './loaders.js';

export interface Context {
  db: Db;
  country: string;
  catalog: Catalog;
  loaders: Loaders;
}

/** `rowLimit`: observation rows one request may read (default DEFAULT_ROW_LIMIT, row-budget.ts). */
export function createContext(deps: { db: Db; country: string; catalog: Catalog; rowLimit?: number }): Context {
  return { db: deps.db, country: deps.country, catalog: deps.catalog, loaders: createLoaders(deps.db, deps.country, deps.rowLimit) };
}
