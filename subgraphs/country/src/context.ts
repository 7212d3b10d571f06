import type { Catalog } from '@migfed/schema';
import type { Db } from '@migfed/subgraph-kit';
import { createLoaders, type Loaders } from './loaders.js';

export interface Context {
  db: Db;
  country: string;
  catalog: Catalog;
  loaders: Loaders;
}

export function createContext(deps: { db: Db; country: string; catalog: Catalog }): Context {
  return { db: deps.db, country: deps.country, catalog: deps.catalog, loaders: createLoaders(deps.db, deps.country) };
}
