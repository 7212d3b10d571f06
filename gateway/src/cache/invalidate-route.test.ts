import type { AddressInfo } from 'node:net';
import { deriveSubgraphKey, GATEWAY_AUDIENCE, SIGNER_HEADER, signRequest } from '@migfed/subgraph-kit/signing';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVALIDATE_PATH, invalidationRoute } from './invalidate-route.js';
import type { Publication } from './response-cache.js';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
/** A notice as member `subgraph` signs it, with its own key. */
const signedBy = (subgraph: string, body: string, master = SECRET) => ({
  [SIGNER_HEADER]: subgraph,
  ...signRequest(deriveSubgraphKey(master, subgraph), GATEWAY_AUDIENCE, { method: 'POST', path: INVALIDATE_PATH, body }),
});

describe('POST /internal/invalidate', () => {
  const received: Publication[] = [];
  let url: string;
  let close: () => void;

  beforeAll(async () => {
    const app = express();
    app.post(
      INVALIDATE_PATH,
      ...invalidationRoute(SECRET, (p) => {
        received.push(p);
        return 3;
      }),
    );
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${INVALIDATE_PATH}`;
    close = () => server.close();
  });
  afterAll(() => close());

  const post = (body: string, headers: Record<string, string>) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  it("accepts a member's notice signed with its own key", async () => {
    const body = JSON.stringify({ country: 'mda', release: '2024 annual', visibleFrom: '2025-03-31T00:00:00.000Z' });
    const res = await post(body, signedBy('country_mda', body));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, dropped: 3 });
    expect(received.at(-1)).toEqual({ country: 'MDA', release: '2024 annual', visibleFrom: '2025-03-31T00:00:00.000Z' });
  });

  it('refuses unsigned, wrongly signed and replayed notices', async () => {
    const body = JSON.stringify({ country: 'MDA' });
    const before = received.length;
    expect((await post(body, {})).status).toBe(401);
    expect((await post(body, signedBy('country_mda', body, 'another-secret-that-is-long-enough-000000'))).status).toBe(401);
    // Signed with MDA's key but claiming to be another member.
    expect((await post(body, { ...signedBy('country_mda', body), [SIGNER_HEADER]: 'country_arm' })).status).toBe(401);
    const signed = signedBy('country_mda', body);
    expect((await post(body, signed)).status).toBe(200);
    expect((await post(body, signed)).status).toBe(401);
    expect((await post(JSON.stringify({ country: 'ARM' }), signed)).status).toBe(401); // body changed under the signature
    expect(received.length).toBe(before + 1);
  });

  it('refuses a country that is not an ISO3 code', async () => {
    const body = JSON.stringify({ country: 'Moldova' });
    expect((await post(body, signedBy('country_mda', body))).status).toBe(400);
  });

  it("lets a member drop only its own figures, never another member's or everything", async () => {
    const before = received.length;
    for (const body of [JSON.stringify({ country: 'ARM' }), '{}']) {
      const res = await post(body, signedBy('country_mda', body));
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: string }).error).toMatch(/may drop only its own figures/);
    }
    expect(received.length).toBe(before);
  });
});
