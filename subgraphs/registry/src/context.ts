import type { Catalog } from '@migfed/schema';
import type { Db } from '@migfed/subgraph-kit';
import { createLoaders, type Loaders } from './loaders.js';

export interface Context {
  db: Db;
  loaders: Loaders;
  /** The catalog the registry was seeded from (mirror pairs are read from it). */
  catalog: Catalog;
}

export function createContext(db: Db, catalog: Catalog): Context {
  return { db, loaders: createLoaders(db), catalog };
}
