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
