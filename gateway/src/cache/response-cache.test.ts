import { describe, expect, it } from 'vitest';
import { cacheKey, createResponseCache } from './response-cache.js';

const MDA = new Set(['registry', 'country_mda']);
const ARM = new Set(['registry', 'country_arm']);

function clock(start = 1_000_000) {
  let t = start;
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
  };
}

describe('response cache', () => {
  it('keys by operation text, name and variables, whatever the order of the variables', () => {
    expect(cacheKey('q', 'R', { a: 1, b: [{ y: 2, x: 1 }] })).toBe(cacheKey('q', 'R', { b: [{ x: 1, y: 2 }], a: 1 }));
    expect(cacheKey('q', 'R', { a: 1 })).not.toBe(cacheKey('q', 'R', { a: 2 }));
    expect(cacheKey('q', 'R', {})).not.toBe(cacheKey('q', null, {}));
  });

  it('keeps an answer up to maxAge', () => {
    const c = clock();
    const cache = createResponseCache({ maxAgeMs: 60_000, maxBytes: 1e6, now: c.now });
    cache.set('k', 'body', MDA, cache.generation);
    c.advance(59_999);
    expect(cache.get('k')?.body).toBe('body');
    c.advance(1);
    expect(cache.get('k')).toBeUndefined();
  });

  it("drops a member's answers when it publishes, and only those", () => {
    const cache = createResponseCache({ maxAgeMs: 60_000, maxBytes: 1e6 });
    cache.set('mda', 'a', MDA, cache.generation);
    cache.set('arm', 'b', ARM, cache.generation);
    expect(cache.invalidate({ country: 'mda' })).toBe(1);
    expect(cache.get('mda')).toBeUndefined();
    expect(cache.get('arm')?.body).toBe('b');
    expect(cache.invalidate({})).toBe(1); // no country: everything
    expect(cache.get('arm')).toBeUndefined();
  });

  it('never stores an answer computed while a member published (it may be stale)', () => {
    const cache = createResponseCache({ maxAgeMs: 60_000, maxBytes: 1e6 });
    const started = cache.generation;
    cache.invalidate({ country: 'ARM' });
    expect(cache.set('k', 'old figures', MDA, started)).toBeUndefined();
    expect(cache.get('k')).toBeUndefined();
  });

  it("ends a member's answers when its scheduled release becomes visible", () => {
    const c = clock();
    const cache = createResponseCache({ maxAgeMs: 60_000, maxBytes: 1e6, now: c.now });
    cache.invalidate({ country: 'MDA', visibleFrom: new Date(c.now() + 5_000) });
    expect(cache.set('mda', 'a', MDA, cache.generation)?.expiresAt).toBe(c.now() + 5_000);
    expect(cache.set('arm', 'b', ARM, cache.generation)?.expiresAt).toBe(c.now() + 60_000);
    c.advance(5_000);
    expect(cache.get('mda')).toBeUndefined();
    expect(cache.get('arm')?.body).toBe('b');
    // Once visible, the schedule no longer bounds new answers.
    expect(cache.set('mda', 'a2', MDA, cache.generation)?.expiresAt).toBe(c.now() + 60_000);
  });

  it('evicts the least recently used answers beyond its memory', () => {
    const cache = createResponseCache({ maxAgeMs: 60_000, maxBytes: 10 });
    cache.set('a', '1234', MDA, cache.generation);
    cache.set('b', '1234', MDA, cache.generation);
    cache.get('a');
    cache.set('c', '1234', MDA, cache.generation);
    expect([cache.get('a')?.body, cache.get('b')?.body, cache.get('c')?.body]).toEqual(['1234', undefined, '1234']);
    expect(cache.stats().bytes).toBe(10); // bodies and keys
  });
});
