import type { Db } from '@migfed/subgraph-kit';
import { createLoaders, type Loaders } from './loaders.js';

export interface Context {
  /** The provider this deployment serves (`unhcr`, `undesa`). */
  provider: string;
  loaders: Loaders;
}

export function createContext(deps: { db: Db; provider: string }): Context {
  return { provider: deps.provider, loaders: createLoaders(deps.db) };
}
