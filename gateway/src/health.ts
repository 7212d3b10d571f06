import type { Request, Response } from 'express';
import type { SubgraphInfo } from './supergraph-info.js';

export interface SubgraphProbe extends SubgraphInfo {
  up: boolean;
  ms: number;
  error?: string;
}

/** Asks one subgraph for `{ __typename }`; never throws. */
export async function probeSubgraph(subgraph: SubgraphInfo, timeoutMs: number): Promise<SubgraphProbe> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  try {
    const res = await fetch(subgraph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":"{ __typename }"}',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.arrayBuffer();
    return res.ok ? { ...subgraph, up: true, ms: ms() } : { ...subgraph, up: false, ms: ms(), error: `HTTP ${res.status}` };
  } catch (err) {
    const e = err as Error & { cause?: Error };
    const error = e.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (e.cause?.message ?? e.message);
    return { ...subgraph, up: false, ms: ms(), error };
  }
}

/**
 * `GET /health`: the gateway is up and which subgraphs its supergraph routes to (instant).
 * `GET /health?probe=1` also asks every subgraph, in parallel, within `probeTimeoutMs`; the answer
 * stays HTTP 200 with status `degraded` when some are down, since the gateway still serves the rest.
 */
export function healthHandler(subgraphs: readonly SubgraphInfo[], probeTimeoutMs: number) {
  return async (req: Request, res: Response) => {
    res.set('cache-control', 'no-store');
    const probe = req.query.probe;
    if (probe !== '1' && probe !== 'true') {
      res.json({ status: 'ok', subgraphs });
      return;
    }
    const probes = await Promise.all(subgraphs.map((s) => probeSubgraph(s, probeTimeoutMs)));
    res.json({ status: probes.every((p) => p.up) ? 'ok' : 'degraded', subgraphs: probes });
  };
}
