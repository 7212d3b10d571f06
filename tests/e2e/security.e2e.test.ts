// trust and limits end to end: members that answer only their gateway (signed requests),
// a gateway that bounds what one client may ask and tells nothing about its internals.
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { seedCountry } from '@migfed/subgraph-country';
import { deriveSubgraphKey, signRequest } from '@migfed/subgraph-kit/signing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workPermits } from '../fixtures/observations.js';
import { type MigratedDatabase, migratedDatabase } from '../harness/databases.js';
import { startFaultStack } from '../harness/fault-stack.js';
import { gql } from '../harness/graphql.js';
import { tokenFor, upload } from '../harness/publishing.js';

const SECRET = randomBytes(32).toString('base64url');
const ENTITIES = JSON.stringify({
  query:
    '{ _entities(representations: [{ __typename: "MDA", iso3: "MDA" }]) { ... on MDA { observations(indicator: "WORK_PERMITS_ISSUED") { value } } } }',
});
const BURST = 40;

/** One POST on a connection of its own (no pooled socket to a server that has since restarted). */
function postOnce(url: string, headers: Record<string, string>, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.once('error', reject);
    req.end(body);
  });
}

describe('security: signed subgraph requests, limits, nothing leaked', () => {
  let db: MigratedDatabase;
  let stack: Awaited<ReturnType<typeof startFaultStack>>;
  const direct = (headers: Record<string, string>, body = ENTITIES) =>
    fetch(stack.memberUrl('MDA'), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  /** Signed for `subgraph` with `key` (by default MDA's own key, derived from the region's master secret). */
  const signed = (key = deriveSubgraphKey(SECRET, 'country_mda'), subgraph = 'country_mda', body = ENTITIES) =>
    signRequest(key, subgraph, { method: 'POST', path: '/graphql', body });

  beforeAll(async () => {
    db = await migratedDatabase('e2e_security');
    for (const iso3 of ['ARM', 'MDA']) await seedCountry(db.handle.db, iso3, workPermits(1000, [2022, 2023]));
    stack = await startFaultStack({
      databaseUrl: db.url,
      handle: db.handle,
      members: ['ARM', 'MDA'],
      signingSecret: SECRET,
      subgraphTimeoutMs: 2000,
      admin: true,
      protection: { rateLimit: { perSecond: 1, burst: BURST } },
    });
  });
  afterAll(async () => {
    await stack?.stop();
    await db?.close();
  });

  it('the gateway reads through signed requests', async () => {
    const res = await gql(stack.gatewayUrl, '{ countries { iso3 observations(indicator: "WORK_PERMITS_ISSUED") { value } } }');
    expect(res.errors).toBeUndefined();
    expect(res.data.countries.map((c: { observations: unknown[] }) => c.observations.length)).toEqual([2, 2]);
  });

  it('refuses a direct unsigned _entities query with 401 and a clear message', async () => {
    const res = await direct({});
    expect(res.status).toBe(401);
    const body = (await res.json()) as { data?: unknown; errors: { message: string; extensions: Record<string, unknown> }[] };
    expect(body.data).toBeUndefined();
    expect(body.errors[0]!.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'MISSING' });
    expect(body.errors[0]!.message).toMatch(/this subgraph answers only its gateway/);
  });

  it('refuses a request signed with another secret, and a replayed one', async () => {
    expect(await (await direct(signed(deriveSubgraphKey(randomBytes(32).toString('base64url'), 'country_mda')))).json()).toMatchObject({
      errors: [{ extensions: { reason: 'MISMATCH' } }],
    });
    const headers = signed();
    expect((await direct(headers)).status).toBe(200);
    const replay = await direct(headers);
    expect(replay.status).toBe(401);
    expect(await replay.json()).toMatchObject({ errors: [{ extensions: { reason: 'REPLAYED' } }] });
  });

  it('refuses a request signed for another member, and one signed with another member’s key', async () => {
    const armKey = deriveSubgraphKey(SECRET, 'country_arm');
    const forArm = signed(armKey, 'country_arm');
    // Captured on its way to ARM, replayed to MDA: refused, while ARM itself accepts it.
    expect(await (await direct(forArm)).json()).toMatchObject({ errors: [{ extensions: { reason: 'MISMATCH' } }] });
    const toArm = await fetch(stack.memberUrl('ARM'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...forArm },
      body: ENTITIES,
    });
    expect(toArm.status).not.toBe(401);
    // ARM's operator holds only ARM's key: with it, nothing it signs reaches MDA.
    expect(await (await direct(signed(armKey, 'country_mda'))).json()).toMatchObject({ errors: [{ extensions: { reason: 'MISMATCH' } }] });
    // The master secret is not a key either: only the keys derived from it are.
    expect((await direct(signed(SECRET))).status).toBe(401);
  });

  it('refuses after a restart a request signed before it, though still inside the window', async () => {
    const captured = signed();
    expect((await direct(captured)).status).toBe(200);
    await stack.stopMember('MDA');
    await stack.restartMember('MDA');
    // On a new connection: the kept-alive one ended with the old process.
    const replay = await postOnce(stack.memberUrl('MDA'), captured, ENTITIES);
    expect(replay.status).toBe(401);
    expect(JSON.parse(replay.body)).toMatchObject({ errors: [{ extensions: { reason: 'BEFORE_START' } }] });
    // The gateway's own requests, signed after the restart, go through.
    const res = await gql(stack.gatewayUrl, '{ country(iso3: "MDA") { observations(indicator: "WORK_PERMITS_ISSUED") { value } } }');
    expect(res.errors).toBeUndefined();
    expect(res.data.country.observations).toHaveLength(2);
  });

  it('keeps /health open and /admin on its own token auth', async () => {
    expect((await fetch(stack.memberUrl('MDA').replace('/graphql', '/health'))).status).toBe(200);
    const csv = 'INDICATOR,SEX,CITIZENSHIP,TIME_PERIOD,OBS_VALUE\nWORK_PERMITS_ISSUED,_T,_T,2024,5\n';
    expect((await upload(stack.memberUrl('MDA'), undefined, csv, { dryRun: true })).status).toBe(401);
    const { status, report } = await upload(stack.memberUrl('MDA'), await tokenFor(db.handle, 'MDA'), csv, { dryRun: true });
    expect(status).toBe(200);
    expect(report?.ok).toBe(true);
  });

  it('the gateway health probe is signed too, and shows no internal address', async () => {
    const text = await (await fetch(`${stack.gatewayOrigin}/health?probe=1`)).text();
    expect(JSON.parse(text)).toMatchObject({ status: 'ok' });
    expect(text).not.toMatch(/127\.0\.0\.1|http:/);
  });

  it('bounds list sizes at the gateway', async () => {
    const iso3 = Array.from({ length: 600 }, (_, i) => `X${i}`);
    const res = await gql(stack.gatewayUrl, 'query ($iso3: [ID!]) { countries(iso3: $iso3) { iso3 } }', { iso3 });
    expect(res.status).toBe(400);
    expect(res.errors?.[0]).toMatchObject({
      message: 'countries(iso3:) has 600 items; at most 500 are allowed',
      extensions: { code: 'LIST_TOO_LONG' },
    });
  });

  // Last: it empties this client's bucket.
  it('rate limits one client with 429 and Retry-After', async () => {
    const statuses = await Promise.all(
      Array.from({ length: BURST + 5 }, () =>
        fetch(stack.gatewayUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"query":"{ __typename }"}',
        }).then(async (r) => [r.status, r.headers.get('retry-after'), await r.text()] as const),
      ),
    );
    const refused = statuses.filter(([s]) => s === 429);
    expect(refused.length).toBeGreaterThanOrEqual(5);
    expect(refused[0]![1]).toMatch(/^\d+$/);
    expect(JSON.parse(refused[0]![2])).toMatchObject({ errors: [{ extensions: { code: 'RATE_LIMITED' } }] });
  });
});
