import { deriveSubgraphKey, signRequest } from '@migfed/subgraph-kit/signing';
import type { Request, Response } from 'express';
import type { SubgraphInfo } from './supergraph-info.js';

/** What /health shows of a subgraph: its name and member, never its internal address. */
export type PublicSubgraph = Omit<SubgraphInfo, 'url'>;

export interface SubgraphProbe extends PublicSubgraph {
  up: boolean;
  ms: number;
  error?: string;
}

const publicView = ({ url: _url, ...rest }: SubgraphInfo): PublicSubgraph => rest;

const PROBE = '{"query":"{ __typename }"}';

/** Asks one subgraph for `{ __typename }` (signed when the gateway signs its requests); never throws. */
export async function probeSubgraph(subgraph: SubgraphInfo, timeoutMs: number, signingSecret?: string): Promise<SubgraphProbe> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  try {
    const target = new URL(subgraph.url);
    const signature = signingSecret
      ? signRequest(deriveSubgraphKey(signingSecret, subgraph.name), subgraph.name, {
          method: 'POST',
          path: `${target.pathname}${target.search}`,
          body: PROBE,
        })
      : {};
    const res = await fetch(subgraph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signature },
      body: PROBE,
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.arrayBuffer();
    const shown = publicView(subgraph);
    return res.ok ? { ...shown, up: true, ms: ms() } : { ...shown, up: false, ms: ms(), error: `HTTP ${res.status}` };
  } catch (err) {
    const e = err as Error & { cause?: Error & { code?: string } };
    // Words, not the driver's message: `connect ECONNREFUSED 10.0.4.7:4107` would publish the address.
    const error =
      e.name === 'TimeoutError'
        ? `no answer within ${timeoutMs} ms`
        : e.cause?.code === 'ECONNREFUSED'
          ? 'connection refused'
          : 'unreachable';
    return { ...publicView(subgraph), up: false, ms: ms(), error };
  }
}

/**
 * `GET /health`: the gateway is up and which subgraphs its supergraph routes to (instant).
 * `GET /health?probe=1` also asks every subgraph, in parallel, within `probeTimeoutMs`; the answer
 * stays HTTP 200 with status `degraded` when some are down, since the gateway still serves the rest.
 */
export function healthHandler(subgraphs: readonly SubgraphInfo[], probeTimeoutMs: number, signingSecret?: string) {
  return async (req: Request, res: Response) => {
    res.set('cache-control', 'no-store');
    const probe = req.query.probe;
    if (probe !== '1' && probe !== 'true') {
      res.json({ status: 'ok', subgraphs: subgraphs.map(publicView) });
      return;
    }
    const probes = await Promise.all(subgraphs.map((s) => probeSubgraph(s, probeTimeoutMs, signingSecret)));
    res.json({ status: probes.every((p) => p.up) ? 'ok' : 'degraded', subgraphs: probes });
  };
}
