import { readFileSync } from 'node:fs';
import { supergraphPath } from '@migfed/schema';
import { describe, expect, it } from 'vitest';
import { startGateway } from './server.js';

describe('gateway readiness and shutdown', () => {
  it('answers /ready, lets a running request finish on stop, and answers a bad body with a JSON error', async () => {
    let finish: () => void = () => {};
    let arrived: () => void = () => {};
    const started = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    const gateway = await startGateway({
      supergraphSdl: readFileSync(supergraphPath('dsm'), 'utf8'),
      port: 0,
      explorer: false,
      reports: false,
      log: { info: () => {}, warn: () => {}, error: () => {} },
      shutdownGraceMs: 10_000,
      routes: (app) =>
        app.get('/slow', (_req, res) => {
          arrived();
          finish = () => res.json({ done: true });
        }),
    });
    const ready = await fetch(`${gateway.url}/ready`);
    expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready' }]);
    const bad = await fetch(gateway.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ errors: [{ extensions: { code: 'BAD_REQUEST' } }] });

    const running = fetch(`${gateway.url}/slow`).then((r) => r.json());
    await started;
    const stopped = gateway.stop();
    await new Promise((r) => setTimeout(r, 100));
    await expect(fetch(`${gateway.url}/ready`)).rejects.toThrow();
    finish();
    expect(await running).toEqual({ done: true });
    await stopped;
  }, 30_000);
});
