// hostile input on the read path: property-based arguments (fast-check) for indicator,
// period and filter codes, and huge lists, sent through the gateway to real members on a real
// PostgreSQL. Every answer is HTTP 200 (an error per member saying what is wrong) or a 400/413 from
// the gateway's limits, never a 500 or an internal error, and nothing internal shows.
import { randomBytes } from 'node:crypto';
import { seedCountry } from '@migfed/subgraph-country';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workPermits } from '../fixtures/observations.js';
import { type MigratedDatabase, migratedDatabase } from '../harness/databases.js';
import { startFaultStack } from '../harness/fault-stack.js';
import { gql } from '../harness/graphql.js';

const QUERY = `query ($indicator: ID!, $from: String, $to: String, $filter: [DimensionFilter!], $iso3: [ID!]) {
  countries(iso3: $iso3) { iso3 observations(indicator: $indicator, from: $from, to: $to, filter: $filter) { period value dimensions { dimension code } } }
}`;
/** What a member may answer about bad arguments; INTERNAL_SERVER_ERROR would mean it broke. */
const EXPECTED_CODES = new Set(['BAD_USER_INPUT', 'UNKNOWN_INDICATOR', 'UNKNOWN_DIMENSION', 'UNKNOWN_CODE', 'INVALID_PERIOD', 'NOT_FOUND']);
// Things no generated argument contains (messages may quote the caller's own input back).
const LEAKS = /127\.0\.0\.1|localhost:\d|postgres:\/\/|Failed query|stacktrace|\.[jt]s:\d+|node_modules|Internal server error/i;

const nasty = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    "'; drop table country.observations; --",
    '%',
    '_',
    '\\',
    '2023-13',
    '2023-Q5',
    '99999',
    '-1',
    '2023-00',
    '0000',
    '2023-W01',
    'WORK_PERMITS_ISSUED',
    'SEX',
    '_T',
    '\u0000',
    'ARM',
  ),
);
const args = fc.record({
  indicator: fc.oneof(nasty, fc.constant('WORK_PERMITS_ISSUED')),
  from: fc.option(nasty, { nil: undefined }),
  to: fc.option(nasty, { nil: undefined }),
  filter: fc.option(
    fc.array(fc.record({ dimension: fc.oneof(nasty, fc.constantFrom('SEX', 'CITIZENSHIP')), codes: fc.array(nasty, { maxLength: 5 }) }), {
      maxLength: 3,
    }),
    { nil: undefined },
  ),
  iso3: fc.option(fc.oneof(fc.array(nasty, { maxLength: 5 }), fc.array(fc.constant('ARM'), { minLength: 400, maxLength: 800 })), {
    nil: undefined,
  }),
});

describe('hostile GraphQL arguments through the gateway', () => {
  let db: MigratedDatabase;
  let stack: Awaited<ReturnType<typeof startFaultStack>>;

  beforeAll(async () => {
    db = await migratedDatabase('fuzz_graphql');
    for (const iso3 of ['ARM', 'MDA']) await seedCountry(db.handle.db, iso3, workPermits(1000, [2022, 2023]));
    stack = await startFaultStack({
      databaseUrl: db.url,
      handle: db.handle,
      members: ['ARM', 'MDA'],
      signingSecret: randomBytes(32).toString('base64url'),
      subgraphTimeoutMs: 5000,
      protection: { rateLimit: false, circuitBreaker: false },
    });
  });
  afterAll(async () => {
    await stack?.stop();
    await db?.close();
  });

  it('never answers 500, an internal error or anything internal', async () => {
    await fc.assert(
      fc.asyncProperty(args, async (variables) => {
        const res = await gql(stack.gatewayUrl, QUERY, variables);
        expect([200, 400, 413]).toContain(res.status);
        expect(JSON.stringify(res)).not.toMatch(LEAKS);
        for (const error of res.errors ?? []) {
          const code = String(error.extensions?.subgraphCode ?? error.extensions?.code);
          if (res.status === 200) expect(EXPECTED_CODES, `${code}: ${error.message}`).toContain(code);
        }
        // The registry refuses codes that are not members (NOT_FOUND) and then there is no list at all.
        if (res.status === 200 && res.data !== null) expect(Array.isArray(res.data.countries)).toBe(true);
        if (res.status === 200 && res.data === null) expect(res.errors?.length).toBeGreaterThan(0);
      }),
      { numRuns: 80 },
    );
  });
});
