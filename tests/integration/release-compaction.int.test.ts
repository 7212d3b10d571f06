// A read plans every partition of its member, so partitions of published releases are merged when
// there are more than MAX_PUBLISHED_PARTITIONS (publishing/compact.ts). Merging must change nothing a
// reader can see: current figures, figures as of any earlier time, and every cell's history.
import { loadCatalog } from '@migfed/schema';
import { createServer, migrate } from '@migfed/subgraph-country';
import { importFile, publishRelease } from '@migfed/subgraph-country/operator';
import { createDb, type DbHandle, openPglite } from '@migfed/subgraph-kit';
import { sql as raw } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PUBLISHED_PARTITIONS } from '../../subgraphs/country/src/publishing/compact.js';
import { migratedDatabase } from '../harness/databases.js';
import { gql } from '../harness/graphql.js';

const catalog = loadCatalog();
const actor = { tokenId: null, name: 'test' };
const RELEASES = MAX_PUBLISHED_PARTITIONS + 4;

async function onPostgres(): Promise<{ handle: DbHandle; close: () => Promise<void> }> {
  const db = await migratedDatabase('compaction');
  return { handle: db.handle, close: () => db.close() };
}

async function onPglite(): Promise<{ handle: DbHandle; close: () => Promise<void> }> {
  const handle = createDb({ pglite: await openPglite() });
  await migrate(handle);
  return { handle, close: () => handle.close() };
}

describe.each([
  ['PostgreSQL', onPostgres],
  ['PGlite', onPglite],
])('merging the partitions of published releases on %s', (_name, open) => {
  let db: { handle: DbHandle; close: () => Promise<void> };
  let server: Awaited<ReturnType<typeof createServer>>;
  const read = async (fields: string) =>
    (await gql(server.url, `{ _entities(representations: [{ __typename: "MDA", iso3: "MDA" }]) { ... on MDA { ${fields} } } }`)).data
      ._entities[0];
  const partitions = async () => {
    const result = await db.handle.db.execute<{ name: string }>(
      raw`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'country.observations_mda'::regclass`,
    );
    return (Array.isArray(result) ? result : (result as unknown as { rows: { name: string }[] }).rows).map((r) => r.name);
  };

  beforeAll(async () => {
    db = await open();
    server = await createServer({ country: 'MDA', db: db.handle.db, port: 0, admin: { handle: db.handle } });
  });
  afterAll(async () => {
    await server?.stop();
    await db?.close();
  });

  it('keeps the partitions bounded while current figures, asOf and history stay as published', async () => {
    const published: Date[] = [];
    for (let k = 0; k < RELEASES; k += 1) {
      // Each release adds the year 2010 + k and revises the 2010 figure.
      const file = `INDICATOR,TIME_PERIOD,OBS_VALUE\nWORK_PERMITS_ISSUED,2010,${1000 + k}\n${k > 0 ? `WORK_PERMITS_ISSUED,${2010 + k},${k}\n` : ''}`;
      const report = await importFile(
        db.handle,
        catalog,
        (async function* () {
          yield Buffer.from(file);
        })(),
        { country: 'MDA', release: `r${k}`, dryRun: false, actor },
      );
      expect(report.ok).toBe(true);
      published.push((await db.handle.transaction((s) => publishRelease(s, 'MDA', `r${k}`))).visibleFrom);
      expect((await partitions()).length).toBeLessThanOrEqual(MAX_PUBLISHED_PARTITIONS + 1);
    }
    expect((await partitions()).some((name) => name.includes('_to_r'))).toBe(true);

    const now = await read(`observations(indicator: "WORK_PERMITS_ISSUED", from: "2010", to: "2030") { period value release }`);
    expect(now.observations).toHaveLength(RELEASES);
    expect(now.observations[0]).toEqual({ period: '2010', value: 1000 + RELEASES - 1, release: `r${RELEASES - 1}` });
    for (const k of [0, 3, RELEASES - 2]) {
      const asOf = new Date(published[k]!.getTime() + 1).toISOString();
      const then = await read(
        `observations(indicator: "WORK_PERMITS_ISSUED", from: "2010", to: "2010", asOf: "${asOf}") { value release }`,
      );
      expect(then.observations).toEqual([{ value: 1000 + k, release: `r${k}` }]);
    }
    const history = (await read(`history(indicator: "WORK_PERMITS_ISSUED", period: "2010") { value release validFrom validTo }`))
      .history as { value: number; validFrom: string; validTo: string | null }[];
    expect(history.map((v) => v.value)).toEqual(Array.from({ length: RELEASES }, (_, k) => 1000 + k));
    expect(history.map((v) => v.validTo)).toEqual([...published.slice(1).map((d) => d.toISOString()), null]);
  });
});
