// the demo's provider figures are GENERATED, loaded through the real importers, and say
// so in every release they form; the provider migrations apply to PostgreSQL and PGlite alike.
import { seedDemoProviders } from '@migfed/demo';
import { loadRegion } from '@migfed/schema';
import { createDb, type DbHandle, openPglite } from '@migfed/subgraph-kit';
import { createServer, migrate } from '@migfed/subgraph-provider';
import { afterAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../harness/context.js';
import { gql } from '../harness/graphql.js';

const TABLES = [
  'releases',
  'undesa_migrant_stock',
  'undesa_migrant_stock_by_origin',
  'unhcr_applications',
  'unhcr_decisions',
  'unhcr_demographics',
  'unhcr_population',
];
const cleanups: (() => Promise<void>)[] = [];
// One PGlite for the file: an instance takes ~0.8 GiB.
let pglite: Awaited<ReturnType<typeof openPglite>> | undefined;
const embedded = async () => {
  if (!pglite) {
    const opened = await openPglite();
    pglite = opened;
    cleanups.unshift(() => opened.close());
  }
  return pglite;
};
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

const tablesOf = async (handle: DbHandle) =>
  (
    await handle.transaction((s) =>
      s.query<{ t: string }>("select table_name as t from information_schema.tables where table_schema = 'provider' order by 1"),
    )
  ).map((r) => r.t);

describe.each([
  [
    'PostgreSQL',
    async () => {
      const database = await testDatabase('provider_migrations');
      const handle = createDb({ url: database.url });
      cleanups.push(async () => {
        await handle.close();
        await database.drop();
      });
      return handle;
    },
  ],
  ['PGlite', async () => createDb({ pglite: await embedded() })],
])('provider migrations on %s', (_name, open) => {
  it('create the provider tables, twice without harm', async () => {
    const handle = await open();
    await migrate(handle);
    await migrate(handle);
    expect(await tablesOf(handle)).toEqual(TABLES);
  });
});

describe('demo provider figures', () => {
  it('are generated for every member, labelled DEMO, and loaded once', async () => {
    const handle = createDb({ pglite: await embedded() });
    const region = loadRegion('siemmes');
    const lines: string[] = [];
    await migrate(handle);
    await seedDemoProviders(handle, region, (l) => lines.push(l));
    expect(lines).toEqual([
      expect.stringMatching(/provider_unhcr: \d+ generated rows \(release DEMO, not UNHCR data\)/),
      expect.stringMatching(/provider_undesa: \d+ generated rows \(release DEMO, not UN DESA data\)/),
    ]);
    const server = await createServer({ provider: 'unhcr', db: handle.db, port: 0 });
    cleanups.push(() => server.stop());
    const res = await gql(
      server.url,
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Country { iso3 unhcr {
        source latestRelease { label demo source } asylumApplications(year: 2023)
        asylumApplicationsByOrigin(year: 2023) { applied persons cases release { demo source } } } } } }`,
      { reps: region.members.map((m) => ({ __typename: 'Country', iso3: m.iso3 })) },
    );
    expect(res.errors).toBeUndefined();
    for (const e of res.data._entities) {
      expect(e.unhcr.source).toBe('DEMO — generated, not UNHCR data');
      expect(e.unhcr.latestRelease).toEqual({ label: 'DEMO', demo: true, source: 'DEMO — generated, not UNHCR data' });
      expect(e.unhcr.asylumApplications).toBeGreaterThan(0);
      for (const o of e.unhcr.asylumApplicationsByOrigin) {
        expect(o.release).toEqual({ demo: true, source: 'DEMO — generated, not UNHCR data' });
        expect(o.applied).toBeGreaterThanOrEqual(5);
        // Panama's generated figures count cases: kept apart from persons.
        expect(e.iso3 === 'PAN' ? o.cases : o.persons).toBe(o.applied);
      }
    }
    // UN DESA's origin–destination table among the members: part of each destination's stock.
    const undesa = await createServer({ provider: 'undesa', db: handle.db, port: 0 });
    cleanups.push(() => undesa.stop());
    const od = await gql(
      undesa.url,
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Country { iso3 undesa {
        migrantStock(year: 2020, sex: "_T") { value }
        migrantStockByOrigin(year: 2020, sex: "_T") { originCode value release { demo source } } } } } }`,
      { reps: region.members.map((m) => ({ __typename: 'Country', iso3: m.iso3 })) },
    );
    expect(od.errors).toBeUndefined();
    const members = region.members.map((m) => m.iso3);
    let pairs = 0;
    for (const e of od.data._entities) {
      const byOrigin = e.undesa.migrantStockByOrigin as { originCode: string; value: number; release: unknown }[];
      pairs += byOrigin.length;
      for (const o of byOrigin) {
        expect(members.filter((m) => m !== e.iso3)).toContain(o.originCode);
        expect(o.release).toEqual({ demo: true, source: 'DEMO — generated, not UN DESA data' });
      }
      expect(byOrigin.reduce((n, o) => n + o.value, 0)).toBeLessThanOrEqual(e.undesa.migrantStock[0].value);
    }
    expect(pairs).toBeGreaterThan(members.length);
    // A restart generates the same tables: the importer sees identical data and writes nothing.
    lines.length = 0;
    await seedDemoProviders(handle, region, (l) => lines.push(l));
    expect(lines).toEqual([]);
  });
});
