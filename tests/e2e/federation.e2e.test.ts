// end to end: the registry, three real country subgraphs and the gateway on loopback,
// over a real PostgreSQL. Each test asserts what a secretariat user would see in a report.
import { startStack, type Stack } from '@migfed/demo';
import { loadRegion, type RegionDef } from '@migfed/schema';
import { seedCountry } from '@migfed/subgraph-country';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MigratedDatabase, migratedDatabase } from '../harness/databases.js';
import { gql } from '../harness/graphql.js';
import { startSlowProxy } from '../harness/slow-proxy.js';
import { expectedTotal, workPermits } from '../fixtures/observations.js';

const MEMBERS = ['ARM', 'GEO', 'MDA'] as const;
const BASE: Record<string, number> = { ARM: 1000, GEO: 2000, MDA: 3000 };
const YEARS = [2019, 2020, 2021, 2022, 2023];
const TIMEOUT_MS = 1_000;

/** A three-member region cut from the DSM file: enough to show routing, partial failure and timeouts. */
function threeMemberRegion(): RegionDef {
  const dsm = loadRegion('dsm');
  return { ...dsm, id: 'e2e', members: dsm.members.filter((m) => (MEMBERS as readonly string[]).includes(m.iso3)) };
}

const REPORT = `query Report($from: String, $to: String) {
  countries { iso3 name observations(indicator: "WORK_PERMITS_ISSUED", from: $from, to: $to) { period value } }
}`;

describe('federated regional query', () => {
  let db: MigratedDatabase;
  let stack: Stack;
  let proxy: Awaited<ReturnType<typeof startSlowProxy>>;

  beforeAll(async () => {
    db = await migratedDatabase('e2e_federation');
    for (const iso3 of MEMBERS) await seedCountry(db.handle.db, iso3, workPermits(BASE[iso3]!, YEARS));
    stack = await startStack({
      region: threeMemberRegion(),
      db: db.handle.db,
      subgraphTimeoutMs: TIMEOUT_MS,
      // GEO is reached through a link whose delay the timeout test raises; 0 ms until then.
      routeMember: async (iso3, url) => {
        if (iso3 !== 'GEO') return url;
        proxy = await startSlowProxy(new URL(url).origin, 0);
        return proxy.url;
      },
    });
  });

  afterAll(async () => {
    await stack?.stop();
    await proxy?.stop();
    await db?.close();
  });

  it('returns every member with its own figures, in region order', async () => {
    const res = await gql(stack.gatewayUrl, REPORT, { from: '2019', to: '2023' });
    expect(res.errors).toBeUndefined();
    const countries = res.data.countries as { iso3: string; name: string; observations: { period: string; value: number }[] }[];
    expect(countries.map((c) => c.iso3)).toEqual(MEMBERS);
    expect(countries.find((c) => c.iso3 === 'MDA')?.name).toBe('Moldova, Republic of');
    for (const c of countries) {
      expect(c.observations).toEqual(YEARS.map((year, i) => ({ period: String(year), value: expectedTotal(BASE[c.iso3]!, i) })));
    }
  });

  it('narrows by period and breaks down by sex only when asked', async () => {
    const res = await gql(
      stack.gatewayUrl,
      `{ country(iso3: "ARM") { iso3 ... on ARM { observations(indicator: "WORK_PERMITS_ISSUED", from: "2021", to: "2021",
          filter: [{ dimension: "SEX", codes: ["F", "M"] }]) { period value dimensions { dimension code } } } } }`,
    );
    expect(res.errors).toBeUndefined();
    const obs = res.data.country.observations as { value: number; dimensions: { dimension: string; code: string }[] }[];
    const total = expectedTotal(BASE.ARM!, 2);
    expect(obs.map((o) => o.dimensions.find((d) => d.dimension === 'SEX')?.code)).toEqual(['F', 'M']);
    expect(obs.reduce((sum, o) => sum + o.value, 0)).toBe(total);
  });

  it('tells the caller which argument is wrong', async () => {
    const res = await gql(
      stack.gatewayUrl,
      `{ countries(iso3: ["MDA"]) { iso3 observations(indicator: "WORK_PERMITS", from: "2019") { value } } }`,
    );
    expect(res.data.countries[0].observations).toBeNull();
    expect(res.errors?.[0]?.message).toMatch(/Unknown indicator "WORK_PERMITS"/);
    expect(res.errors?.[0]?.extensions?.country).toBe('MDA');
  });

  it('cuts a slow member at the timeout and still returns the others', async () => {
    proxy.setDelay(TIMEOUT_MS * 3);
    try {
      const started = performance.now();
      const res = await gql(stack.gatewayUrl, REPORT, { from: '2019', to: '2023' });
      expect(performance.now() - started).toBeLessThan(TIMEOUT_MS * 2.5);
      const byIso3 = new Map((res.data.countries as { iso3: string; observations: unknown[] | null }[]).map((c) => [c.iso3, c]));
      expect(byIso3.get('GEO')?.observations).toBeNull();
      expect(byIso3.get('ARM')?.observations).toHaveLength(5);
      expect(byIso3.get('MDA')?.observations).toHaveLength(5);
      const geoError = res.errors?.find((e) => e.extensions?.country === 'GEO');
      expect(geoError?.extensions?.code).toBe('SUBGRAPH_TIMEOUT');
      expect(geoError?.message).toMatch(/GEO/);
    } finally {
      proxy.setDelay(0);
    }
  });

  // Last: it stops a member for good.
  it('with one member down, returns the others and names the missing one', async () => {
    await stack.stopMember('MDA');
    const res = await gql(stack.gatewayUrl, REPORT, { from: '2019', to: '2023' });
    expect(res.status).toBe(200);
    const byIso3 = new Map((res.data.countries as { iso3: string; observations: unknown[] | null }[]).map((c) => [c.iso3, c]));
    expect(byIso3.get('MDA')?.observations).toBeNull();
    expect(byIso3.get('ARM')?.observations).toHaveLength(5);
    expect(byIso3.get('GEO')?.observations).toHaveLength(5);
    const mdaError = res.errors?.find((e) => e.extensions?.country === 'MDA');
    expect(mdaError?.extensions?.code).toBe('SUBGRAPH_UNAVAILABLE');
    expect(mdaError?.message).toMatch(/MDA/);

    // A report on the other members only never calls the member that is down.
    const others = await gql(
      stack.gatewayUrl,
      `{ countries(iso3: ["ARM", "GEO"]) { iso3 observations(indicator: "WORK_PERMITS_ISSUED") { value } } }`,
    );
    expect(others.errors).toBeUndefined();
    expect(others.data.countries.map((c: { iso3: string }) => c.iso3)).toEqual(['ARM', 'GEO']);
  });
});
