// The committed migrations apply to a real PostgreSQL and to PGlite alike, and re-running them is a no-op.
import { migrate as migrateCountry } from '@migfed/subgraph-country';
import { createDb, type DbHandle, openPglite } from '@migfed/subgraph-kit';
import { migrate as migrateRegistry } from '@migfed/subgraph-registry';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../harness/context.js';

const EXPECTED_TABLES = [
  'country.audit_log',
  'country.documents',
  'country.national_metadata',
  'country.observations',
  'country.releases',
  'country.tokens',
  'registry.agencies',
  'registry.codelists',
  'registry.codes',
  'registry.dimensions',
  'registry.focal_points',
  'registry.indicator_dimensions',
  'registry.indicators',
  'registry.members',
  'registry.regions',
  'registry.territories',
];

async function tablesOf(handle: DbHandle): Promise<string[]> {
  const result = await handle.db.execute<{ name: string }>(
    sql`select table_schema || '.' || table_name as name from information_schema.tables
        where table_schema in ('registry', 'country') order by 1`,
  );
  // postgres.js returns the rows; PGlite returns { rows }.
  const rows = Array.isArray(result) ? result : (result as unknown as { rows: { name: string }[] }).rows;
  return rows.map((r) => r.name);
}

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

describe.each([
  [
    'PostgreSQL',
    async () => {
      const database = await testDatabase('migrations');
      const handle = createDb({ url: database.url });
      cleanups.push(async () => {
        await handle.close();
        await database.drop();
      });
      return handle;
    },
  ],
  ['PGlite', async () => createDb({ pglite: await openPglite() })],
])('migrations on %s', (_name, open) => {
  it('create every table of both roles, twice without harm', async () => {
    const handle = await open();
    for (let run = 0; run < 2; run += 1) {
      await migrateRegistry(handle);
      await migrateCountry(handle);
    }
    expect(await tablesOf(handle)).toEqual(EXPECTED_TABLES);
  });
});
