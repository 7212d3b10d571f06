import express from 'express';
import { describe, expect, it } from 'vitest';
import { listen } from './http.js';

/** An app whose /slow answers only when the test says so. */
function slowApp() {
  let release: () => void = () => {};
  let arrived: () => void = () => {};
  const started = new Promise<void>((resolve) => {
    arrived = resolve;
  });
  const app = express();
  app.get('/slow', (_req, res) => {
    arrived();
    release = () => res.json({ done: true });
  });
  app.get('/fast', (_req, res) => res.json({ ok: true }));
  return { app, started, finish: () => release() };
}

describe('listen', () => {
  it('on stop, refuses new connections but lets a running request finish', async () => {
    const { app, started, finish } = slowApp();
    const server = await listen(app, 0);
    const origin = `http://127.0.0.1:${server.port}`;
    expect(await (await fetch(`${origin}/fast`)).json()).toEqual({ ok: true });
    const running = fetch(`${origin}/slow`).then((r) => r.json());
    await started;
    expect(server.draining).toBe(false);
    const stopped = server.stop(5_000);
    expect(server.draining).toBe(true);
    await expect(fetch(`${origin}/fast`)).rejects.toThrow();
    finish();
    expect(await running).toEqual({ done: true });
    await stopped;
  });

  it('cuts a request still running when the grace is over', async () => {
    const { app, started } = slowApp();
    const server = await listen(app, 0, '127.0.0.1', { graceMs: 200 });
    const running = fetch(`http://127.0.0.1:${server.port}/slow`);
    await started;
    const began = performance.now();
    await server.stop();
    expect(performance.now() - began).toBeGreaterThanOrEqual(150);
    await expect(running).rejects.toThrow();
  });

  it('stops at once when nothing is running, and a second stop waits for the same', async () => {
    const { app } = slowApp();
    const server = await listen(app, 0, '127.0.0.1', { graceMs: 60_000 });
    const first = server.stop();
    const second = server.stop();
    await Promise.all([first, second]);
    expect(server.server.listening).toBe(false);
  });
});
