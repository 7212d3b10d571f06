// end to end: registry, members of both regions, the UNHCR and UN DESA provider subgraphs
// and the real gateway over PostgreSQL, with UNHCR's REAL release 2025.12.1 imported by the
// importer. Expected UNHCR figures are computed from the CSV file in the test.
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { startStack, type Stack } from '@migfed/demo';
import { loadRegion, type RegionDef } from '@migfed/schema';
import { seedCountry, type SeedData } from '@migfed/subgraph-country';
import { importUnhcr, migrate as migrateProvider } from '@migfed/subgraph-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsv, sumOf, UNHCR_2025 } from '../fixtures/provider-data.js';
import { type MigratedDatabase, migratedDatabase } from '../harness/databases.js';
import { gql } from '../harness/graphql.js';

const DSM = ['MDA', 'UKR', 'RUS', 'GEO'];
const SIEMMES = ['MEX', 'CRI', 'PAN'];
/** National ASYLUM_APPLICATIONS the members "published" (RUS and PAN publish none here). */
const NATIONAL: Record<string, Record<number, number>> = {
  MDA: { 2021: 150, 2022: 9_000 },
  // 3 is under the catalog's threshold: the member publishes it withheld (CONF_STATUS A).
  UKR: { 2021: 3, 2022: 400 },
  GEO: { 2022: 1_500 },
  MEX: { 2022: 118_000 },
  CRI: { 2022: 130_000 },
};

function region(): RegionDef {
  const dsm = loadRegion('dsm');
  const siemmes = loadRegion('siemmes');
  return {
    ...dsm,
    id: 'e2e-providers',
    members: [...dsm.members, ...siemmes.members].filter((m) => [...DSM, ...SIEMMES].includes(m.iso3)),
  };
}

/** One release per year, published on 31 March of the next year. */
function asylumApplications(byYear: Record<number, number>): SeedData {
  const years = Object.keys(byYear).map(Number);
  return {
    observations: years.map((year) => ({
      indicator: 'ASYLUM_APPLICATIONS',
      period: String(year),
      dimensions: { CITIZENSHIP: '_T', SEX: '_T', APPLICATION_TYPE: '_T' },
      value: byYear[year]!,
      status: 'A',
      confidentiality: 'F',
      release: `${year} annual`,
    })),
    metadata: [],
    documents: [],
    releases: years.map((year) => ({ name: `${year} annual`, publishedAt: `${year + 1}-03-31T09:00:00Z` })),
  };
}

/** An HTTP hop in front of a subgraph that counts the gateway's requests to it. */
async function countingProxy(target: string) {
  let count = 0;
  const server = createHttpServer(async (req, res) => {
    count += 1;
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const upstream = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.concat(chunks) });
    res.writeHead(upstream.status, { 'content-type': 'application/json' });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    fetches: () => count,
    reset: () => {
      count = 0;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

describe('international providers through the gateway', () => {
  let db: MigratedDatabase;
  let stack: Stack;
  let proxy: Awaited<ReturnType<typeof countingProxy>>;
  const published = (iso3: string, year: number) =>
    sumOf(readCsv(join(UNHCR_2025, 'asylum_applications.csv')), 'applied', { coa_iso: iso3, year: String(year) });

  beforeAll(async () => {
    db = await migratedDatabase('e2e_providers');
    await migrateProvider(db.handle);
    for (const [iso3, byYear] of Object.entries(NATIONAL)) await seedCountry(db.handle.db, iso3, asylumApplications(byYear));
    // The documented import, as `npm run migfed -- unhcr import ../shared/data/unhcr/2025.12.1` runs it.
    await importUnhcr(db.handle, { folder: UNHCR_2025 });
    stack = await startStack({
      region: region(),
      db: db.handle.db,
      routeProvider: async (id, url) => {
        if (id !== 'unhcr') return url;
        proxy = await countingProxy(url);
        return proxy.url;
      },
    });
  });

  afterAll(async () => {
    await stack?.stop();
    await proxy?.stop();
    await db?.close();
  });

  it('acceptance: MDA 2022 is the published total, the sum of applied over every row', async () => {
    const res = await gql(stack.gatewayUrl, '{ country(iso3: "MDA") { unhcr { asylumApplications(year: 2022) } } }');
    expect(res.errors).toBeUndefined();
    expect(res.data.country.unhcr.asylumApplications).toBe(published('MDA', 2022));
  });

  it('and the same for any member and year in the file', async () => {
    const query = 'query($iso3: ID!, $year: Int!) { country(iso3: $iso3) { unhcr { asylumApplications(year: $year) } } }';
    for (const iso3 of [...DSM, ...SIEMMES]) {
      for (const year of [2000, 2012, 2019, 2023, 2025]) {
        const expected = published(iso3, year);
        const res = await gql(stack.gatewayUrl, query, { iso3, year });
        expect(res.data.country.unhcr.asylumApplications, `${iso3} ${year}`).toBe(expected === 0 ? null : expected);
      }
    }
  });

  it('a report over every member returns national and UNHCR figures in one response, with ONE provider fetch', async () => {
    proxy.reset();
    const res = await gql(
      stack.gatewayUrl,
      `query($year: Int!, $period: String) { countries { iso3 name
        observations(indicator: "ASYLUM_APPLICATIONS", from: $period, to: $period) { period value }
        unhcr { asylumApplications(year: $year) source } } }`,
      { year: 2022, period: '2022' },
    );
    expect(res.errors).toBeUndefined();
    expect(proxy.fetches()).toBe(1);
    const countries = res.data.countries as {
      iso3: string;
      observations: { value: number }[];
      unhcr: { asylumApplications: number; source: string };
    }[];
    expect(countries.map((c) => c.iso3)).toEqual(region().members.map((m) => m.iso3));
    for (const c of countries) {
      expect(c.observations.map((o) => o.value)).toEqual(NATIONAL[c.iso3]?.[2022] ? [NATIONAL[c.iso3]![2022]] : []);
      expect(c.unhcr).toEqual({
        asylumApplications: published(c.iso3, 2022),
        source: 'UNHCR Refugee Population Statistics, release 2025.12.1 (CC BY 4.0, © UNHCR)',
      });
    }
  });

  it('puts the national figure and UNHCR side by side, with the difference and which source is newer', async () => {
    proxy.reset();
    const res = await gql(
      stack.gatewayUrl,
      `{ countries { iso3 asylumApplicationsComparison(year: 2022) {
          year national nationalRelease nationalPublishedAt unhcr unhcrRelease { label publishedOn } difference newer } } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(proxy.fetches()).toBe(1);
    for (const { iso3, asylumApplicationsComparison: c } of res.data.countries) {
      const unhcr = published(iso3, 2022);
      const national = NATIONAL[iso3]?.[2022] ?? null;
      expect(c, iso3).toEqual({
        year: 2022,
        national,
        nationalRelease: national === null ? null : '2022 annual',
        nationalPublishedAt: national === null ? null : '2023-03-31T09:00:00.000Z',
        unhcr,
        unhcrRelease: { label: '2025.12.1', publishedOn: '2025-12-01' },
        difference: national === null ? null : national - unhcr,
        newer: national === null ? null : 'UNHCR',
      });
    }
  });

  it('never computes a difference from a withheld national figure; UNHCR keeps its own published figure', async () => {
    const res = await gql(
      stack.gatewayUrl,
      `{ country(iso3: "UKR") { observations(indicator: "ASYLUM_APPLICATIONS", from: "2021", to: "2021") { value confidentiality }
          asylumApplicationsComparison(year: 2021) { national unhcr difference relativeDifference newer } } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.country.observations).toEqual([{ value: null, confidentiality: 'A' }]);
    const unhcr = published('UKR', 2021);
    expect(unhcr).toBeGreaterThan(0);
    expect(res.data.country.asylumApplicationsComparison).toEqual({
      national: null,
      unhcr,
      difference: null,
      relativeDifference: null,
      newer: null,
    });
  });

  it('names the provider when it refuses an argument', async () => {
    const res = await gql(
      stack.gatewayUrl,
      '{ country(iso3: "MEX") { iso3 unhcr { asylumApplications(year: 2022, release: "2019.06.1") } } }',
    );
    expect(res.data.country.unhcr.asylumApplications).toBeNull();
    expect(res.errors?.[0]?.message).toMatch(/provider_unhcr.*UNHCR has no release "2019\.06\.1" here; imported releases: 2025\.12\.1/);
  });

  // Last: it stops a member for good.
  it('with a member down, the comparison still answers for the others and names the missing one', async () => {
    await stack.stopMember('MEX');
    const res = await gql(
      stack.gatewayUrl,
      '{ countries { iso3 unhcr { asylumApplications(year: 2022) } asylumApplicationsComparison(year: 2022) { national unhcr } } }',
    );
    expect(res.status).toBe(200);
    const byIso3 = new Map(
      (
        res.data.countries as {
          iso3: string;
          unhcr: { asylumApplications: number };
          asylumApplicationsComparison: { national: number | null; unhcr: number } | null;
        }[]
      ).map((c) => [c.iso3, c]),
    );
    expect(byIso3.get('MDA')?.asylumApplicationsComparison).toEqual({ national: 9_000, unhcr: published('MDA', 2022) });
    expect(byIso3.get('MEX')?.unhcr.asylumApplications).toBe(published('MEX', 2022));
    expect(byIso3.get('MEX')?.asylumApplicationsComparison?.national ?? null).toBeNull();
    expect(res.errors?.some((e) => e.extensions?.country === 'MEX')).toBe(true);
  });
});
