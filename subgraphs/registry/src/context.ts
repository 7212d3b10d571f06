import type { Db } from '@migfed/subgraph-kit';
import { createLoaders, type Loaders } from './loaders.js';

export interface Context {
  db: Db;
  loaders: Loaders;
}

export function createContext(db: Db): Context {
  return { db, loaders: createLoaders(db) };
}
