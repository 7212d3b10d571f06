// One client's heavy queries beside everyone else's reports, through the real gateway to real
// members on a real PostgreSQL: the attack that once took the region down (17 aliases × 5
// concurrent requests, every code of DIRECTION, TRAVELLER, BORDER_TYPE and CITIZENSHIP) is refused
// or capped, and every ordinary report that runs beside it stays complete.
import { randomBytes } from 'node:crypto';
import { reportQuery } from '../../gateway/reports/app/queries.js';
import { loadCatalog } from '@migfed/schema';
import { seedCountry } from '@migfed/subgraph-country';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { borderCrossings, workPermits } from '../fixtures/observations.js';
import { type MigratedDatabase, migratedDatabase } from '../harness/databases.js';
import { startFaultStack } from '../harness/fault-stack.js';
import { type GraphQLResponse, gql } from '../harness/graphql.js';

const MEMBERS = ['ARM', 'GEO', 'MDA'];
const CITIZENSHIPS = ['UKR', 'RUS', 'TUR', 'IRN', 'IND', 'CHN', 'SYR', 'AFG'];
const ROW_LIMIT = 2000;
const catalog = loadCatalog();
const every = (dimension: string) => ({
  dimension,
  codes: catalog.codelists.get(catalog.dimensions.get(dimension)!.codelist)!.codes.map((c) => c.id),
});
const ATTACK_FILTER = ['DIRECTION', 'TRAVELLER', 'BORDER_TYPE', 'CITIZENSHIP'].map(every);

/** `count` aliases of every member's BORDER_CROSSINGS with the filter, in one operation. */
function attack(count: number, range = ''): string {
  const aliases = Array.from(
    { length: count },
    (_, i) =>
      `a${i}: countries { iso3 observations(indicator: "BORDER_CROSSINGS", filter: $filter${range}) { period value dimensions { dimension code } } }`,
  );
  return `query Attack($filter: [DimensionFilter!]) { ${aliases.join('\n')} }`;
}

/** What the report builder sends for a table of work permits by sex, every member, 2019–2023. */
const ordinaryReport = () =>
  gql(reportGatewayUrl, reportQuery(true), {
    indicator: 'WORK_PERMITS_ISSUED',
    members: null,
    from: '2019',
    to: '2023',
    filter: [every('SEX')],
    asOf: null,
  });
let reportGatewayUrl = '';

function expectComplete(res: GraphQLResponse) {
  expect(res.status).toBe(200);
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  expect(res.data.countries.map((c: { iso3: string }) => c.iso3).sort()).toEqual(MEMBERS);
  for (const c of res.data.countries) expect(c.observations, c.iso3).toHaveLength(5 * 3);
}

describe('heavy queries beside ordinary reports', () => {
  let db: MigratedDatabase;
  let stack: Awaited<ReturnType<typeof startFaultStack>>;

  beforeAll(async () => {
    db = await migratedDatabase('e2e_heavy_queries');
    for (const [i, iso3] of MEMBERS.entries()) {
      const permits = workPermits(1000 * (i + 1), [2019, 2020, 2021, 2022, 2023]);
      const crossings = borderCrossings(50 * (i + 1), 2023, 12, CITIZENSHIPS);
      await seedCountry(db.handle.db, iso3, { ...permits, observations: [...permits.observations, ...crossings.observations] });
    }
    stack = await startFaultStack({
      databaseUrl: db.url,
      handle: db.handle,
      members: MEMBERS,
      signingSecret: randomBytes(32).toString('base64url'),
      subgraphTimeoutMs: 5000,
      protection: { rateLimit: false, circuitBreaker: { failureThreshold: 3, coolDownMs: 30_000 } },
      memberLimits: { rowLimit: ROW_LIMIT, statementTimeoutMs: 4000 },
    });
    reportGatewayUrl = stack.gatewayUrl;
  });
  afterAll(async () => {
    await stack?.stop();
    await db?.close();
  });

  it('refuses the attack at the gateway while every ordinary report beside it is complete', async () => {
    const attacks = Array.from({ length: 5 }, () => gql(stack.gatewayUrl, attack(17), { filter: ATTACK_FILTER }));
    const reports = Array.from({ length: 10 }, () => ordinaryReport());
    const [attacked, reported] = await Promise.all([Promise.all(attacks), Promise.all(reports)]);
    for (const res of attacked) {
      expect(res.status).toBe(400);
      expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'QUERY_TOO_COSTLY' } });
      expect(res.errors?.[0]?.message).toMatch(/ask for fewer members, periods or breakdowns/);
    }
    for (const res of reported) expectComplete(res);
  });

  it("caps what slips under the cost bound with each member's ROW_LIMIT, and the circuits stay closed", async () => {
    // One year instead of an open range: cheap enough for the gateway's estimate, but each member
    // holds 12 × 3 × 3 × 3 × 9 = 2 916 cells of it, more than its row limit of 2 000.
    const capped = attack(3, ', from: "2023", to: "2023"');
    for (let round = 0; round < 3; round += 1) {
      const attacks = Array.from({ length: 5 }, () => gql(stack.gatewayUrl, capped, { filter: ATTACK_FILTER }));
      const [attacked, reported] = await Promise.all([Promise.all(attacks), Promise.all([ordinaryReport(), ordinaryReport()])]);
      for (const res of attacked) {
        expect(res.status).toBe(200);
        const codes = new Set(res.errors?.map((e) => e.extensions?.subgraphCode));
        expect([...codes]).toEqual(['ROW_LIMIT']);
        expect(res.errors?.[0]?.message).toMatch(/more than 2000 rows in one request/);
        for (const alias of ['a0', 'a1', 'a2']) for (const c of res.data[alias]) expect(c.observations).toBeNull();
      }
      for (const res of reported) expectComplete(res);
    }
    // Fifteen requests refused by every member: counted as failures they would have opened every circuit.
    expectComplete(await ordinaryReport());
  });

  it('still answers a heavy but legitimate request: one member, one year, by citizenship', async () => {
    const res = await gql(stack.gatewayUrl, reportQuery(true), {
      indicator: 'BORDER_CROSSINGS',
      members: ['GEO'],
      from: '2023',
      to: '2023',
      filter: [every('CITIZENSHIP')],
      asOf: null,
    });
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    expect(res.data.countries[0].observations).toHaveLength(12 * (CITIZENSHIPS.length + 1));
  });
});
