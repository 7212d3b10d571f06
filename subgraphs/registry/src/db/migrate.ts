import type { DbHandle } from '@migfed/subgraph-kit';

const migrationsFolder = new URL('./migrations/', import.meta.url).pathname;

/** Applies the registry role's committed migrations (schema `registry`). */
export function migrate(handle: DbHandle): Promise<void> {
  return handle.migrate(migrationsFolder, '__migrations_registry');
}
