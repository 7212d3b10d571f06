// What test files get from tests/harness/global-setup.ts, and a per-file database on top of it.
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { createDatabase, dropDatabase } from './admin.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL of the run's one PostgreSQL server (see postgres.ts for where it comes from). */
    postgresUrl: string;
  }
}

export interface TestDatabase {
  name: string;
  url: string;
  /** Drops the database, even if a pool still holds connections to it. */
  drop(): Promise<void>;
}

/**
 * Creates a fresh database for the calling test file, e.g. in beforeAll:
 *   const db = await testDatabase('registry', { template: 'registry_migrated' });
 * The random suffix keeps files (and reruns in watch mode) apart on the shared server.
 */
export async function testDatabase(prefix = 't', opts: { template?: string } = {}): Promise<TestDatabase> {
  const adminUrl = inject('postgresUrl');
  const slug = prefix
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^(?=\d)/, 't')
    .slice(0, 40);
  const name = `${slug}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const url = await createDatabase(adminUrl, name, opts);
  return { name, url, drop: () => dropDatabase(adminUrl, name) };
}
