import { withRequestSignal } from '@migfed/subgraph-kit/cancel';
import { describe, expect, it } from 'vitest';
import type { Fetcher } from '../fetcher.js';
import { createDedupingFetcher } from './dedupe-fetcher.js';

/** A subgraph that answers after `release()` is called, counting what it was sent. */
function slowSubgraph() {
  const calls: string[] = [];
  const waiting: (() => void)[] = [];
  const inner: Fetcher = (async (_url: string, init?: { body?: string }) => {
    calls.push(init?.body ?? '');
    await new Promise<void>((resolve) => waiting.push(resolve));
    return new Response(JSON.stringify({ data: { n: calls.length } }), { status: 200, headers: { 'content-type': 'application/json' } });
  }) as unknown as Fetcher;
  return {
    inner,
    calls,
    release: () => {
      for (const r of waiting.splice(0)) r();
    },
  };
}

const query = (v: number) => JSON.stringify({ query: 'query Q($v: Int) { n(v: $v) }', variables: { v } });
const post = (body: string, headers: Record<string, string> = {}) => ({
  method: 'POST',
  body,
  headers: { 'content-type': 'application/json', ...headers },
});

describe('in-flight deduplication of subgraph fetches', () => {
  it('gives up a shared fetch only when every caller waiting for it has gone', async () => {
    const signals: AbortSignal[] = [];
    const inner: Fetcher = ((_url: string, init?: { signal?: AbortSignal }) => {
      signals.push(init!.signal!);
      return new Promise((resolve, reject) => {
        init!.signal!.addEventListener('abort', () => reject(init!.signal!.reason));
        setTimeout(() => resolve(new Response('{"data":{"n":1}}', { status: 200 })), 300);
      });
    }) as unknown as Fetcher;
    const { fetcher } = createDedupingFetcher(inner);
    const [a, b, c] = [new AbortController(), new AbortController(), new AbortController()];
    const first = withRequestSignal(a.signal, () => fetcher('http://m/graphql', post(query(1))));
    const second = withRequestSignal(b.signal, () => fetcher('http://m/graphql', post(query(1))));
    a.abort(new Error('client A left'));
    await expect(first).rejects.toThrow('client A left');
    expect(signals[0]!.aborted).toBe(false);
    expect(await (await second).json()).toEqual({ data: { n: 1 } });

    const third = withRequestSignal(c.signal, () => fetcher('http://m/graphql', post(query(2))));
    c.abort(new Error('client C left'));
    await expect(third).rejects.toThrow('client C left');
    expect(signals[1]!.aborted).toBe(true);
  });

  it('sends identical concurrent fetches once and gives every caller its own readable answer', async () => {
    const s = slowSubgraph();
    const { fetcher, stats } = createDedupingFetcher(s.inner);
    const answers = [1, 2, 3].map(() => fetcher('http://m/graphql', post(query(1))));
    await new Promise((r) => setTimeout(r, 0));
    s.release();
    const bodies = await Promise.all((await Promise.all(answers)).map((r) => r.json()));
    expect(s.calls).toHaveLength(1);
    expect(bodies).toEqual([{ data: { n: 1 } }, { data: { n: 1 } }, { data: { n: 1 } }]);
    expect(stats()).toEqual({ sent: 1, joined: 2 });
  });

  it('keeps nothing once a fetch has answered (the next one goes to the subgraph)', async () => {
    const s = slowSubgraph();
    const { fetcher } = createDedupingFetcher(s.inner);
    const first = fetcher('http://m/graphql', post(query(1)));
    await new Promise((r) => setTimeout(r, 0));
    s.release();
    await first;
    const second = fetcher('http://m/graphql', post(query(1)));
    await new Promise((r) => setTimeout(r, 0));
    s.release();
    await second;
    expect(s.calls).toHaveLength(2);
  });

  it('never shares between different variables, subgraphs, credentials or mutations', async () => {
    const s = slowSubgraph();
    const { fetcher } = createDedupingFetcher(s.inner);
    const mutation = JSON.stringify({ query: 'mutation { x }' });
    const pending = [
      fetcher('http://m/graphql', post(query(1))),
      fetcher('http://m/graphql', post(query(2))),
      fetcher('http://other/graphql', post(query(1))),
      fetcher('http://m/graphql', post(query(1), { authorization: 'Bearer a' })),
      fetcher('http://m/graphql', post(query(1), { authorization: 'Bearer b' })),
      fetcher('http://m/graphql', post(mutation)),
      fetcher('http://m/graphql', post(mutation)),
    ];
    await new Promise((r) => setTimeout(r, 0));
    s.release();
    await Promise.all(pending);
    expect(s.calls).toHaveLength(7);
  });

  it('gives every waiting caller the failure when the shared fetch fails', async () => {
    let calls = 0;
    const failing = (async () => {
      calls += 1;
      await new Promise((r) => setTimeout(r, 5));
      throw new Error('connect ECONNREFUSED');
    }) as unknown as Fetcher;
    const { fetcher } = createDedupingFetcher(failing);
    const results = await Promise.allSettled([fetcher('http://m/graphql', post(query(1))), fetcher('http://m/graphql', post(query(1)))]);
    expect(calls).toBe(1);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });
});
