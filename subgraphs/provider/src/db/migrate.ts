import type { DbHandle } from '@migfed/subgraph-kit';

const migrationsFolder = new URL('./migrations/', import.meta.url).pathname;

/** Applies the provider role's committed migrations (schema `provider`, shared by every provider). */
export function migrate(handle: DbHandle): Promise<void> {
  return handle.migrate(migrationsFolder, '__migrations_provider');
}
