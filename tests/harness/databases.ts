import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate as migrateCountry } from '@migfed/subgraph-country';
import { createDb, type DbHandle } from '@migfed/subgraph-kit';
import { migrate as migrateRegistry } from '@migfed/subgraph-registry';
import { testDatabase } from './context.js';

export interface MigratedDatabase {
  handle: DbHandle;
  url: string;
  /** SQL statements sent through `handle` since the last reset. */
  statements: string[];
  close(): Promise<void>;
}

/** A fresh PostgreSQL database for one test file, with the registry and country migrations applied. */
export async function migratedDatabase(prefix: string): Promise<MigratedDatabase> {
  const database = await testDatabase(prefix);
  const statements: string[] = [];
  const handle = createDb({ url: database.url, onQuery: (q) => statements.push(q) });
  await migrateRegistry(handle);
  await migrateCountry(handle);
  return {
    handle,
    url: database.url,
    statements,
    close: async () => {
      await handle.close();
      await database.drop();
    },
  };
}

/**
 * Applies the country migrations that come before `tag` (e.g. `0009`), as a member's database was
 * before an upgrade: the test then writes what such a database held and runs `migrate` to upgrade.
 */
export async function migrateCountryBefore(handle: DbHandle, tag: string): Promise<void> {
  const folder = fileURLToPath(new URL('../../subgraphs/country/src/db/migrations/', import.meta.url));
  const before = await mkdtemp(join(tmpdir(), `migfed-before-${tag}-`));
  try {
    const journal = JSON.parse(await readFile(join(folder, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };
    const earlier = journal.entries.filter((e) => e.tag < tag);
    await mkdir(join(before, 'meta'));
    await writeFile(join(before, 'meta/_journal.json'), JSON.stringify({ ...journal, entries: earlier }));
    for (const e of earlier) await copyFile(join(folder, `${e.tag}.sql`), join(before, `${e.tag}.sql`));
    await handle.migrate(before, '__migrations_country');
  } finally {
    await rm(before, { recursive: true, force: true });
  }
}
