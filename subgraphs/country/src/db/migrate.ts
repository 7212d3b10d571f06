import type { DbHandle } from '@migfed/subgraph-kit';

const migrationsFolder = new URL('./migrations/', import.meta.url).pathname;

/** Applies the country role's committed migrations (schema `country`). */
export function migrate(handle: DbHandle): Promise<void> {
  return handle.migrate(migrationsFolder, '__migrations_country');
}
