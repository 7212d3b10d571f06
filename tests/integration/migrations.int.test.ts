// The committed migrations apply to a real PostgreSQL and to PGlite alike, and re-running them is a no-op.
import { migrate as migrateCountry } from '@migfed/subgraph-country';
import { createDb, type DbHandle, openPglite } from '@migfed/subgraph-kit';
import { migrate as migrateRegistry } from '@migfed/subgraph-registry';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../harness/context.js';
import { migrateCountryBefore } from '../harness/databases.js';

const EXPECTED_TABLES = [
  'country.audit_log',
  'country.documents',
  'country.national_metadata',
  'country.observation_versions',
  'country.observations',
  'country.releases',
  'country.tokens',
  'country.withdrawals',
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

  it('keeps every published figure and its history when cells move into one partition per release (0005)', async () => {
    const handle = await open();
    // The migrations before 0005, as a database deployed before it has them, with a revision in it.
    await migrateCountryBefore(handle, '0005');
    await handle.db.execute(
      sql.raw(`
      insert into country.releases (id, country, name, status, published_at, visible_from) values
        (1, 'MDA', '2023 annual', 'published', '2024-03-01T00:00:00Z', '2024-03-01T00:00:00Z'),
        (2, 'MDA', '2023 annual, revision 1', 'published', '2024-09-01T00:00:00Z', '2024-09-01T00:00:00Z')`),
    );
    await handle.db.execute(
      sql.raw(`
      insert into country.observations (country, release_id, indicator, period, period_start, period_end, dims, series_key, value, release, valid_from, valid_to) values
        ('MDA', 1, 'WORK_PERMITS_ISSUED', '2023', '2023-01-01', '2023-12-31', '{"SEX": "F", "CITIZENSHIP": "UKR"}', 'CITIZENSHIP=UKR;SEX=F', 100, '2023 annual', '2024-03-01T00:00:00Z', '2024-09-01T00:00:00Z'),
        ('MDA', 2, 'WORK_PERMITS_ISSUED', '2023', '2023-01-01', '2023-12-31', '{"SEX": "F", "CITIZENSHIP": "UKR"}', 'CITIZENSHIP=UKR;SEX=F', 120, '2023 annual, revision 1', '2024-09-01T00:00:00Z', null);`),
    );
    await migrateCountry(handle);
    const result = await handle.db.execute<{
      series_key: string;
      value: number;
      release: string;
      valid_from: string;
      valid_to: string | null;
    }>(sql`select series_key, value, release, valid_from::text, valid_to::text from country.observation_versions order by valid_from`);
    const rows = Array.isArray(result) ? result : (result as unknown as { rows: never[] }).rows;
    expect(rows.map((r) => [r.series_key, r.value, r.release, r.valid_to !== null])).toEqual([
      ['UKR;F', 100, '2023 annual', true],
      ['UKR;F', 120, '2023 annual, revision 1', false],
    ]);
  });
});
