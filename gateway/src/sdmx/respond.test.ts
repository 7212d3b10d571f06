// Sending SDMX answers over real HTTP: small ones are buffered (ETag, 304, response cache), large
// ones streamed in chunks as they are written, partial ones never stored.
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResponseCache } from '../cache/response-cache.js';
import { type Answer, BUFFER_BYTES, sendAnswer } from './respond.js';

describe('sendAnswer', () => {
  const cache = createResponseCache({ maxAgeMs: 60_000, maxBytes: 8 * 1024 * 1024 });
  let origin: string;
  let server: ReturnType<ReturnType<typeof express>['listen']>;
  let written = 0;

  beforeAll(async () => {
    const app = express();
    const answer = (chunks: Iterable<string>, missing: string[] = []): Answer => ({
      contentType: 'text/csv',
      chunks,
      missing,
      subgraphs: new Set(['country_kaz']),
      generation: cache.generation,
    });
    app.get('/small', (req, res) => void sendAnswer(req, res, { cache, clientMaxAgeS: 30 }, 'small', answer(['a,b\r\n', '1,2\r\n'])));
    // A member published while this answer was being computed: it must not be stored.
    app.get('/raced', (req, res) => {
      const stale = { ...answer(['old\r\n']), generation: cache.generation };
      cache.invalidate({ country: 'KAZ' });
      void sendAnswer(req, res, { cache, clientMaxAgeS: 30 }, 'raced', stale);
    });
    app.get('/partial', (req, res) => void sendAnswer(req, res, { cache, clientMaxAgeS: 30 }, 'partial', answer(['a\r\n'], ['UZB'])));
    app.get('/large', (req, res) => {
      written = 0;
      function* rows() {
        const row = `${'x'.repeat(1023)}\n`;
        for (let i = 0; i < 3 * 1024; i++) {
          written += 1;
          yield row;
        }
      }
      void sendAnswer(req, res, { cache, clientMaxAgeS: 30 }, 'large', answer(rows()));
    });
    await new Promise<void>((resolve) => {
      server = app.listen(0, '127.0.0.1', () => resolve());
    });
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('buffers a small answer: ETag, 304 on If-None-Match, stored in the cache', async () => {
    const res = await fetch(`${origin}/small`);
    expect(await res.text()).toBe('a,b\r\n1,2\r\n');
    expect(res.headers.get('cache-control')).toBe('public, max-age=30');
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(cache.get('small')?.body).toBe('a,b\r\n1,2\r\n');
    const again = await fetch(`${origin}/small`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    const other = await fetch(`${origin}/small`, { headers: { 'if-none-match': '"something-else"' } });
    expect(other.status).toBe(200);
  });

  it('does not store an answer computed while a member published', async () => {
    const res = await fetch(`${origin}/raced`);
    expect(await res.text()).toBe('old\r\n');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(cache.get('raced')).toBeUndefined();
  });

  it('never stores a partial answer, and names the missing members', async () => {
    const res = await fetch(`${origin}/partial`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-migfed-missing-members')).toBe('UZB');
    expect(cache.get('partial')).toBeUndefined();
  });

  it('streams an answer larger than the buffer, without ETag or cache entry', async () => {
    const res = await fetch(`${origin}/large`);
    expect(res.headers.get('transfer-encoding')).toBe('chunked');
    expect(res.headers.get('etag')).toBeNull();
    const body = await res.text();
    expect(body.length).toBe(3 * 1024 * 1024);
    expect(body.length).toBeGreaterThan(BUFFER_BYTES);
    expect(written).toBe(3 * 1024);
    expect(cache.get('large')).toBeUndefined();
  });
});
