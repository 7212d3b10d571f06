// faults end to end: real country subgraphs on a real PostgreSQL behind proxies the test
// controls, the registry and the gateway (requests signed). One member down, slow, answering 500s
// or without its database: every report still answers HTTP 200 with the others' figures and one
// error naming the member and the reason; a member that keeps failing is skipped, then retried;
// everything comes back by itself.
import { randomBytes } from 'node:crypto';
import { seedCountry } from '@migfed/subgraph-country';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedTotal, workPermits } from '../fixtures/observations.js';
import { type MigratedDatabase, migratedDatabase } from '../harness/databases.js';
import { startFaultStack } from '../harness/fault-stack.js';
import { gql, type GraphQLResponse } from '../harness/graphql.js';

const MEMBERS = ['ARM', 'AZE', 'GEO', 'KAZ', 'MDA'];
const BASE: Record<string, number> = { ARM: 1000, AZE: 1500, GEO: 2000, KAZ: 2500, MDA: 3000 };
const YEARS = [2021, 2022, 2023];
const TIMEOUT_MS = 800;
const COOL_DOWN_MS = 1_500;
const THRESHOLD = 3;
const REPORT = `query Report { countries { iso3 observations(indicator: "WORK_PERMITS_ISSUED", from: "2021", to: "2023") { period value } } }`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Country = { iso3: string; observations: { period: string; value: number }[] | null };
const byIso3 = (res: GraphQLResponse) => new Map((res.data.countries as Country[]).map((c) => [c.iso3, c.observations]));
const errorFor = (res: GraphQLResponse, iso3: string) => res.errors?.filter((e) => e.extensions?.country === iso3) ?? [];
const expected = (iso3: string) => YEARS.map((y, i) => ({ period: String(y), value: expectedTotal(BASE[iso3]!, i) }));

/** Everyone but `missing` has all their figures; `missing` has none. */
function expectOthersComplete(res: GraphQLResponse, missing: string) {
  expect(res.status).toBe(200);
  const got = byIso3(res);
  expect([...got.keys()]).toEqual(MEMBERS);
  for (const iso3 of MEMBERS) expect(got.get(iso3)).toEqual(iso3 === missing ? null : expected(iso3));
  expect(res.errors?.every((e) => e.extensions?.country === missing)).toBe(true);
  // Nothing internal leaks: no address, no SQL, no stack.
  expect(JSON.stringify(res)).not.toMatch(/127\.0\.0\.1|localhost|postgres:|select |stacktrace|\.ts:\d+/i);
}

describe('faults: one member in trouble costs only its own part of a report', () => {
  let db: MigratedDatabase;
  let stack: Awaited<ReturnType<typeof startFaultStack>>;
  const report = () => gql(stack.gatewayUrl, REPORT);

  beforeAll(async () => {
    db = await migratedDatabase('e2e_faults');
    for (const iso3 of MEMBERS) await seedCountry(db.handle.db, iso3, workPermits(BASE[iso3]!, YEARS));
    stack = await startFaultStack({
      databaseUrl: db.url,
      handle: db.handle,
      members: MEMBERS,
      ownDatabaseLink: ['KAZ'],
      signingSecret: randomBytes(32).toString('base64url'),
      subgraphTimeoutMs: TIMEOUT_MS,
      protection: { circuitBreaker: { failureThreshold: THRESHOLD, coolDownMs: COOL_DOWN_MS }, rateLimit: false },
    });
  });
  afterAll(async () => {
    await stack?.stop();
    await db?.close();
  });

  it('with everyone up, returns every member’s figures and no error', async () => {
    const res = await report();
    expect(res.errors).toBeUndefined();
    for (const iso3 of MEMBERS) expect(byIso3(res).get(iso3)).toEqual(expected(iso3));
  });

  it('a slow member is cut at the timeout; the others answer in time', async () => {
    stack.proxies.GEO!.set({ kind: 'delay', ms: TIMEOUT_MS * 3 });
    const started = performance.now();
    const res = await report().finally(() => stack.proxies.GEO!.set({ kind: 'pass' }));
    expect(performance.now() - started).toBeLessThan(TIMEOUT_MS * 2.5);
    expectOthersComplete(res, 'GEO');
    expect(errorFor(res, 'GEO').map((e) => [e.extensions?.code, e.message])).toEqual([
      ['SUBGRAPH_TIMEOUT', `Country GEO (subgraph country_geo) did not answer within ${TIMEOUT_MS} ms`],
    ]);
    expect(byIso3(await report()).get('GEO')).toEqual(expected('GEO')); // back at once
  });

  it('a member answering HTTP 500 is described, not quoted, and recovers when it answers again', async () => {
    stack.proxies.AZE!.set({ kind: 'status', status: 500, body: '<h1>500</h1><pre>Error at /srv/app/server.js:41 (10.0.7.3:4102)</pre>' });
    const res = await report().finally(() => stack.proxies.AZE!.set({ kind: 'pass' }));
    expectOthersComplete(res, 'AZE');
    expect(errorFor(res, 'AZE')[0]).toMatchObject({
      message: 'Country AZE (subgraph country_aze) answered HTTP 500: a server error',
      extensions: { code: 'SUBGRAPH_ERROR', httpStatus: 500, subgraph: 'country_aze' },
    });
    expect((await report()).errors).toBeUndefined();
  });

  it('a member that lost its database says its data source is unavailable, without SQL, and recovers', async () => {
    await stack.dbLinks.KAZ!.cut();
    let res: GraphQLResponse;
    try {
      res = await report();
    } finally {
      await stack.dbLinks.KAZ!.restore();
    }
    expectOthersComplete(res, 'KAZ');
    expect(errorFor(res, 'KAZ')[0]).toMatchObject({
      message: 'Country KAZ (subgraph country_kaz) is unavailable: its data source (database) cannot be reached',
      extensions: { code: 'SUBGRAPH_UNAVAILABLE', reason: 'DATA_SOURCE_UNAVAILABLE' },
    });
    expect(byIso3(await report()).get('KAZ')).toEqual(expected('KAZ'));
  });

  it('a member that is down is named; after repeated failures it is skipped at once, then retried and back', async () => {
    await stack.stopMember('MDA');
    const down = await report();
    expectOthersComplete(down, 'MDA');
    // Reset rather than refused: the member sits behind a proxy here, which drops the connection.
    expect(errorFor(down, 'MDA')[0]).toMatchObject({
      message: 'Country MDA (subgraph country_mda) is unavailable: connection reset',
      extensions: { code: 'SUBGRAPH_UNAVAILABLE' },
    });
    for (let i = 1; i < THRESHOLD; i += 1) await report();

    // Open: the gateway no longer sends anything to MDA, and says when it will try again.
    const reached = stack.proxies.MDA!.requests;
    const skipped = await report();
    expectOthersComplete(skipped, 'MDA');
    expect(errorFor(skipped, 'MDA')[0]?.extensions?.code).toBe('SUBGRAPH_CIRCUIT_OPEN');
    expect(errorFor(skipped, 'MDA')[0]?.message).toMatch(
      /^Country MDA \(subgraph country_mda\) is unavailable: skipped after 3 failed requests in a row; the gateway tries it again in [12] s$/,
    );
    expect(stack.proxies.MDA!.requests).toBe(reached);

    // MDA comes back; after the cool-down the next report probes it and everything is there again.
    await stack.restartMember('MDA');
    await sleep(COOL_DOWN_MS + 100);
    const back = await report();
    expect(back.errors).toBeUndefined();
    expect(byIso3(back).get('MDA')).toEqual(expected('MDA'));
  });

  // Last: it takes the registry away for good.
  it('the registry down is reported as such, with HTTP 200 and no internals', async () => {
    await stack.stopRegistry();
    const res = await report();
    expect(res.status).toBe(200);
    expect(res.data).toBeNull();
    expect(res.errors?.map((e) => [e.extensions?.code, e.extensions?.subgraph])).toEqual([['SUBGRAPH_UNAVAILABLE', 'registry']]);
    // Refused, or reset when the gateway's kept-alive connection is the one that finds out.
    expect(res.errors?.[0]?.message).toMatch(/^The registry \(membership and catalog\) is unavailable: connection (refused|reset)$/);
    expect(JSON.stringify(res)).not.toMatch(/127\.0\.0\.1|localhost/);
  });
});
