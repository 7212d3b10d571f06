import { describe, expect, it } from 'vitest';
import { lightResponse } from './light-response.js';

describe('light subgraph response', () => {
  const make = (status = 200) =>
    lightResponse({
      url: 'http://m/graphql',
      status,
      statusText: 'OK',
      rawHeaders: ['Content-Type', 'application/json', 'Set-Cookie', 'a', 'set-cookie', 'b'],
      body: Buffer.from('{"data":{"x":1}}'),
    });

  it('reads as fetch does: headers by any case, ok, a JSON body that can be read once', async () => {
    const res = make();
    expect(res.ok).toBe(true);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('SET-COOKIE')).toBe('a, b');
    expect(res.bodyUsed).toBe(false);
    expect(await res.json()).toEqual({ data: { x: 1 } });
    expect(res.bodyUsed).toBe(true);
    await expect(res.text()).rejects.toThrow(/already been read/);
  });

  it('says not ok outside 2xx, and a clone reads on its own', async () => {
    const res = make(503);
    expect(res.ok).toBe(false);
    const copy = res.clone();
    expect(await res.text()).toBe('{"data":{"x":1}}');
    expect(await copy.json()).toEqual({ data: { x: 1 } });
  });
});
