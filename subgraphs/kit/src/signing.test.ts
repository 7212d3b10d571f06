// Signed gateway → subgraph requests, on a real subgraph server from serveSubgraph.
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Listening } from './http.js';
import { serveSubgraph } from './serve.js';
import { createVerifier, signRequest } from './signing.js';

const SECRET = 'k'.repeat(40);
const BODY = '{"query":"{ hello }"}';

describe('createVerifier', () => {
  const now = 1_700_000_000_000;
  const verify = createVerifier({ secret: SECRET, maxSkewMs: 60_000, now: () => now });
  const request = (headers: Record<string, string>, body = BODY) => ({ method: 'POST', path: '/graphql', body, headers });

  it('accepts a request signed with the shared secret, once', () => {
    const headers = signRequest(SECRET, { method: 'POST', path: '/graphql', body: BODY }, now);
    expect(verify(request(headers))).toEqual({ ok: true });
    expect(verify(request(headers))).toMatchObject({ ok: false, reason: 'REPLAYED' });
  });

  it.each([
    ['no signature', () => ({}), 'MISSING'],
    ['another secret', () => signRequest('x'.repeat(40), { method: 'POST', path: '/graphql', body: BODY }, now), 'MISMATCH'],
    ['a changed body', () => signRequest(SECRET, { method: 'POST', path: '/graphql', body: '{"query":"{ other }"}' }, now), 'MISMATCH'],
    ['another path', () => signRequest(SECRET, { method: 'POST', path: '/admin/graphql', body: BODY }, now), 'MISMATCH'],
    ['an old timestamp', () => signRequest(SECRET, { method: 'POST', path: '/graphql', body: BODY }, now - 120_000), 'EXPIRED'],
    [
      'a garbled header',
      () => ({ ...signRequest(SECRET, { method: 'POST', path: '/graphql', body: BODY }, now), 'x-migfed-signature': 'v1=zz' }),
      'MALFORMED',
    ],
  ])('refuses %s', (_case, headers, reason) => {
    expect(verify(request(headers()))).toMatchObject({ ok: false, reason });
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
    server = await serveSubgraph({ schema, context: async () => ({}), port: 0, signing: { secret: SECRET } });
  });
  afterAll(() => server?.stop());

  it('answers its gateway', async () => {
    const res = await post(signRequest(SECRET, { method: 'POST', path: '/graphql', body: BODY }));
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

  it('refuses unsigned GET requests and garbage bodies the same way, before parsing them', async () => {
    expect((await fetch(`${server.url}?query=%7Bhello%7D`, { headers: { 'apollo-require-preflight': '1' } })).status).toBe(401);
    expect((await post({}, '{"query": "{ hel')).status).toBe(401);
  });

  it('keeps /health open', async () => {
    const res = await fetch(server.url.replace('/graphql', '/health'));
    expect(res.status).toBe(200);
  });
});
