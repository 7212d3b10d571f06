import http from 'node:http';
import https from 'node:https';
import type { RemoteGraphQLDataSource } from '@apollo/gateway';
import { currentRequestSignal } from '@migfed/subgraph-kit/cancel';
import { currentRequestId, REQUEST_ID_HEADER, traceHeaders } from '@migfed/subgraph-kit/observability';
import { signRequest, subgraphKeys } from '@migfed/subgraph-kit/signing';
import { lightResponse } from './perf/light-response.js';

/** The fetch signature RemoteGraphQLDataSource accepts (from @apollo/utils.fetcher, not a direct dependency). */
export type Fetcher = RemoteGraphQLDataSource['fetcher'];

/** Keep-alive agents shared by every subgraph data source of one gateway. */
export interface SubgraphAgents {
  http: http.Agent;
  https: https.Agent;
  destroy(): void;
}

export function createSubgraphAgents(maxSockets = 256): SubgraphAgents {
  // Node's agent honours the server's `Keep-Alive: timeout=…` hint, which avoids most idle-socket
  // ECONNRESET races; the subgraphs should still raise their own keep-alive timeout.
  // As many idle sockets kept as may be open (a burst of reports otherwise closes the
  // extras and reconnects on the next one), and LIFO reuse, so idle sockets age out evenly.
  const options = { keepAlive: true, keepAliveMsecs: 1000, maxSockets, maxFreeSockets: maxSockets, scheduling: 'lifo' as const };
  const agents = { http: new http.Agent(options), https: new https.Agent(options) };
  return {
    ...agents,
    destroy: () => {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

const NO_BODY = new Set([204, 205, 304]);

/**
 * A fetch for RemoteGraphQLDataSource that cuts every request at `timeoutMs` (the gateway has no
 * timeout of its own) and reuses connections. It must be given in the data source's constructor:
 * an agent set in willSendRequest is ignored. On timeout it rejects with the signal's
 * `TimeoutError`, which the data source reports as SUBGRAPH_TIMEOUT.
 */
export function createTimeoutFetcher(agents: SubgraphAgents, timeoutMs: number): Fetcher {
  return (url, init = {}) =>
    new Promise((resolve, reject) => {
      // The caller's signal (its client went away, see dedupe-fetcher.ts) also ends the fetch: the
      // member then sees the connection close and cancels the statements it started for it.
      const timeout = AbortSignal.timeout(timeoutMs);
      const caller = (init.signal as AbortSignal | undefined) ?? currentRequestSignal();
      const signal = caller ? AbortSignal.any([timeout, caller]) : timeout;
      const target = new URL(url);
      const secure = target.protocol === 'https:';
      const body = init.body ?? '';
      const headers = { ...init.headers, 'content-length': String(Buffer.byteLength(body)) };
      const fail = (err: unknown) => reject(signal.aborted ? signal.reason : err);
      const request = (secure ? https : http).request(
        target,
        { method: init.method ?? 'GET', headers, agent: secure ? agents.https : agents.http, signal },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', fail);
          res.on('end', () => {
            const status = res.statusCode ?? 502;
            const payload = NO_BODY.has(status) ? null : Buffer.concat(chunks);
            // Not undici's Response: its streams cost ~7% of the gateway's CPU (perf/light-response.ts).
            resolve(lightResponse({ url, status, statusText: res.statusMessage ?? '', rawHeaders: res.rawHeaders, body: payload }));
          });
        },
      );
      request.on('error', fail);
      request.end(body);
    });
}

/**
 * Signs every subgraph request for its target with the target's own key, derived from the master
 * secret and the subgraph's name: HMAC-SHA256 over the subgraph's name, method, path, timestamp,
 * nonce and body hash (@migfed/subgraph-kit/signing). The fetcher is shared by every data source,
 * so the target is found by its URL in the supergraph. The body is signed as sent, so signing must
 * wrap the fetcher, not willSendRequest (which runs before the body is serialised).
 */
export function createSigningFetcher(inner: Fetcher, masterSecret: string, subgraphs: readonly { name: string; url: string }[]): Fetcher {
  const keyOf = subgraphKeys(masterSecret);
  const names = new Map(subgraphs.map((s) => [new URL(s.url).href, s.name]));
  return (url, init = {}) => {
    const target = new URL(url);
    const name = names.get(target.href);
    if (name === undefined) return Promise.reject(new Error(`no subgraph of the supergraph is served at ${target.href}: not signed`));
    const method = init.method ?? 'GET';
    const signature = signRequest(keyOf(name), name, { method, path: `${target.pathname}${target.search}`, body: init.body ?? '' });
    return inner(url, { ...init, headers: { ...init.headers, ...signature } });
  };
}

/**
 * Sends each subgraph the reader's request id and the trace context (W3C `traceparent`) of the
 * fetch's span, so its logs and spans join the gateway's. Below the in-flight deduplication (whose
 * key is every header: ids differing per reader would stop any sharing), so a shared fetch carries
 * the context of the reader who started it. The signature does not cover these headers.
 */
export function createContextFetcher(inner: Fetcher): Fetcher {
  return (url, init = {}) => {
    const requestId = currentRequestId();
    const headers = { ...init.headers, ...traceHeaders(), ...(requestId ? { [REQUEST_ID_HEADER]: requestId } : {}) };
    return inner(url, { ...init, headers });
  };
}
