import { createDb, type DbHandle, openPglite } from '@migfed/subgraph-kit';
import { migrate } from '../db/migrate.js';

export interface ImportTarget {
  /** PostgreSQL of the provider (production). */
  url?: string | undefined;
  /** PGlite folder (a standalone provider's DATA_DIR, or the embedded demo's `.data/demo-<region>`). */
  dataDir?: string | undefined;
}

/**
 * Opens a provider's own database for an importer and applies the provider migrations, so an
 * import works on a database no provider has served yet. PGlite allows one process per folder:
 * stop the provider (or the demo) that uses it first.
 */
export async function openImportDb(target: ImportTarget): Promise<{ handle: DbHandle; where: string; close(): Promise<void> }> {
  if (target.url) {
    const handle = createDb({ url: target.url, max: 2 });
    await migrate(handle);
    return { handle, where: `PostgreSQL at ${new URL(target.url).host}`, close: () => handle.close() };
  }
  if (!target.dataDir) throw new Error('openImportDb: give a PostgreSQL URL or a PGlite folder');
  const pglite = await openPglite(target.dataDir);
  const handle = createDb({ pglite });
  await migrate(handle);
  return { handle, where: `PGlite in ${target.dataDir}`, close: () => pglite.close() };
}
