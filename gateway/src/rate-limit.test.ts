import express from 'express';
import { describe, expect, it } from 'vitest';
import { createTokenBuckets, rateLimit } from './rate-limit.js';

describe('token buckets per client', () => {
  it('allows a burst, then one request per refill interval, per client', () => {
    const clock = { now: 0 };
    const buckets = createTokenBuckets({ perSecond: 2, burst: 3, now: () => clock.now });
    expect([1, 2, 3].map(() => buckets.take('a').ok)).toEqual([true, true, true]);
    expect(buckets.take('a')).toEqual({ ok: false, retryAfterMs: 500 });
    expect(buckets.take('b').ok).toBe(true); // another client has its own bucket
    clock.now = 500;
    expect(buckets.take('a').ok).toBe(true);
    expect(buckets.take('a').ok).toBe(false);
  });

  it('forgets clients whose bucket has refilled, so memory follows active clients', () => {
    const clock = { now: 0 };
    const buckets = createTokenBuckets({ perSecond: 10, burst: 5, now: () => clock.now });
    for (let i = 0; i < 100; i += 1) buckets.take(`client-${i}`);
    clock.now = 20_000;
    buckets.take('late');
    expect(buckets.size).toBe(1);
  });
});

describe('rateLimit middleware', () => {
  it('answers 429 with Retry-After and a GraphQL error once the bucket is empty', async () => {
    const app = express().use(rateLimit({ perSecond: 1, burst: 2 }), (_req, res) => void res.json({ data: {} }));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
    try {
      const statuses = [];
      for (let i = 0; i < 3; i += 1) statuses.push((await fetch(url)).status);
      expect(statuses).toEqual([200, 200, 429]);
      const refused = await fetch(url);
      expect(refused.headers.get('retry-after')).toBe('1');
      const body = (await refused.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(body.errors[0]).toMatchObject({ extensions: { code: 'RATE_LIMITED' } });
      expect(body.errors[0]!.message).toMatch(/^Too many requests from this address: at most 1 per second/);
    } finally {
      server.close();
    }
  });
});
