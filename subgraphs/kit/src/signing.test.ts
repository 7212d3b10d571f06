// Signed gateway → subgraph requests, on a real subgraph server from serveSubgraph: each subgraph
// has its own key derived from the gateway's master secret, every signature names its target, and
// what was signed before a subgraph started is refused after it.
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Listening } from './http.js';
import { serveSubgraph } from './serve.js';
import { createVerifier, deriveSubgraphKey, signRequest } from './signing.js';

const MASTER = 'k'.repeat(40);
const MDA = 'country_mda';
const MDA_KEY = deriveSubgraphKey(MASTER, MDA);
const BODY = '{"query":"{ hello }"}';
const REQUEST = { method: 'POST', path: '/graphql', body: BODY };

describe('deriveSubgraphKey', () => {
  it('gives each subgraph its own key, the same every time, and none equal to the master secret', () => {
    const keys = ['country_mda', 'country_arm', 'registry', 'provider_unhcr'].map((name) => deriveSubgraphKey(MASTER, name));
    expect(new Set(keys).size).toBe(4);
    expect(deriveSubgraphKey(MASTER, 'country_mda')).toBe(keys[0]);
    expect(keys[0]).toMatch(/^[\w-]{43}$/);
    expect(keys).not.toContain(MASTER);
    expect(deriveSubgraphKey('m'.repeat(40), 'country_mda')).not.toBe(keys[0]);
  });

  it('refuses what is not a subgraph name', () => {
    expect(() => deriveSubgraphKey(MASTER, 'Country MDA')).toThrow(/not a subgraph name/);
  });
});

describe('createVerifier', () => {
  const now = 1_700_000_000_000;
  const verify = createVerifier({ key: MDA_KEY, audience: MDA, maxSkewMs: 60_000, now: () => now });
  const request = (headers: Record<string, string>, body = BODY) => ({ ...REQUEST, body, headers });

  it('accepts a request signed for this subgraph with its key, once', () => {
    const headers = signRequest(MDA_KEY, MDA, REQUEST, now);
    expect(verify(request(headers))).toEqual({ ok: true });
    expect(verify(request(headers))).toMatchObject({ ok: false, reason: 'REPLAYED' });
  });

  it.each([
    ['no signature', () => ({}), 'MISSING'],
    ['another master secret', () => signRequest(deriveSubgraphKey('x'.repeat(40), MDA), MDA, REQUEST, now), 'MISMATCH'],
    ['the master secret itself', () => signRequest(MASTER, MDA, REQUEST, now), 'MISMATCH'],
    // A member's operator holds its own key: with it, it cannot sign for another member.
    ["another member's key, claiming this one", () => signRequest(deriveSubgraphKey(MASTER, 'country_arm'), MDA, REQUEST, now), 'MISMATCH'],
    ["another member's key and name", () => signRequest(deriveSubgraphKey(MASTER, 'country_arm'), 'country_arm', REQUEST, now), 'MISMATCH'],
    ['a changed body', () => signRequest(MDA_KEY, MDA, { ...REQUEST, body: '{"query":"{ other }"}' }, now), 'MISMATCH'],
    ['another path', () => signRequest(MDA_KEY, MDA, { ...REQUEST, path: '/admin/graphql' }, now), 'MISMATCH'],
    ['an old timestamp', () => signRequest(MDA_KEY, MDA, REQUEST, now - 120_000), 'EXPIRED'],
    ['a garbled header', () => ({ ...signRequest(MDA_KEY, MDA, REQUEST, now), 'x-migfed-signature': 'v2=zz' }), 'MALFORMED'],
    [
      'a signature of the old format',
      () => ({ ...signRequest(MDA_KEY, MDA, REQUEST, now), 'x-migfed-signature': `v1=${'0'.repeat(64)}` }),
      'MALFORMED',
    ],
  ])('refuses %s', (_case, headers, reason) => {
    expect(verify(request(headers()))).toMatchObject({ ok: false, reason });
  });

  it('refuses a request signed for one subgraph when it is sent to another', () => {
    const arm = createVerifier({ key: deriveSubgraphKey(MASTER, 'country_arm'), audience: 'country_arm', now: () => now });
    const forMda = signRequest(MDA_KEY, MDA, REQUEST, now);
    expect(arm(request(forMda))).toMatchObject({
      ok: false,
      reason: 'MISMATCH',
      message: expect.stringMatching(/not signed for country_arm/),
    });
  });

  it('after a restart, refuses what was signed before it, even inside the window', () => {
    let clock = now;
    const before = createVerifier({ key: MDA_KEY, audience: MDA, now: () => clock });
    const captured = signRequest(MDA_KEY, MDA, REQUEST, clock);
    expect(before(request(captured))).toEqual({ ok: true });
    clock += 5_000; // the subgraph restarts five seconds later: a new process, a new memory
    const after = createVerifier({ key: MDA_KEY, audience: MDA, now: () => clock });
    expect(after(request(captured))).toMatchObject({ ok: false, reason: 'BEFORE_START' });
    expect(after(request(signRequest(MDA_KEY, MDA, REQUEST, clock + 1)))).toEqual({ ok: true });
  });
});

describe('a subgraph that requires signed requests', () => {
  let server: Listening;
  const post = (headers: Record<string, string>, body = BODY) =>
    fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  beforeAll(async () => {
    // graphql's CommonJS copy, the one Apollo Server validates with (as for the real subgraphs, whose
    // schemas come from @apollo/subgraph, which is CommonJS).
    const { buildSchema } = createRequire(import.meta.url)('graphql') as typeof import('graphql');
    const schema = buildSchema('type Query { hello: String }');
    server = await serveSubgraph({ name: MDA, schema, context: async () => ({}), port: 0, signing: { key: MDA_KEY, subgraph: MDA } });
  });
  afterAll(() => server?.stop());

  it('answers its gateway', async () => {
    const res = await post(signRequest(MDA_KEY, MDA, REQUEST));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { hello: null } });
  });

  it('refuses a direct query with 401 and says why', async () => {
    const res = await post({});
    expect(res.status).toBe(401);
    const body = (await res.json()) as { errors: { message: string; extensions: Record<string, unknown> }[] };
    expect(body.errors[0]!.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'MISSING' });
    expect(body.errors[0]!.message).toMatch(/answers only its gateway: the request is not signed/);
  });

  it("refuses a request signed with another member's key", async () => {
    const res = await post(signRequest(deriveSubgraphKey(MASTER, 'country_arm'), 'country_arm', REQUEST));
    expect(res.status).toBe(401);
    expect(((await res.json()) as { errors: { extensions: { reason: string } }[] }).errors[0]!.extensions.reason).toBe('MISMATCH');
  });

  it('refuses unsigned GET requests and garbage bodies the same way, before parsing them', async () => {
    expect((await fetch(`${server.url}?query=%7Bhello%7D`, { headers: { 'apollo-require-preflight': '1' } })).status).toBe(401);
    expect((await post({}, '{"query": "{ hel')).status).toBe(401);
  });

  it('keeps /health open', async () => {
    const res = await fetch(server.url.replace('/graphql', '/health'));
    expect(res.status).toBe(200);
  });
});
