// In-flight deduplication of subgraph fetches: when many readers open the same report at
// once, the gateway sends each member one fetch, not one per reader. Two fetches are the same when
// URL, headers and body (operation and variables) are identical; only queries are shared, never
// mutations. The fetch is shared only while it is in flight: nothing is kept after it answers, so
// this cannot serve stale data (the response cache, src/cache/, is what keeps answers).
import { currentRequestSignal } from '@migfed/subgraph-kit/cancel';
import type { Fetcher } from '../fetcher.js';
import { lightResponse } from './light-response.js';

interface Snapshot {
  status: number;
  statusText: string;
  rawHeaders: string[];
  body: Buffer;
}

/** RemoteGraphQLDataSource sends `{"query":"…"` first; only query operations are shared. */
const IS_QUERY = /^\{"query":"\s*(?:query\b|\{)/;

function keyOf(url: string, headers: Record<string, string> | undefined, body: string): string {
  // Every header is part of the key: two callers with different credentials never share a fetch.
  const h = headers
    ? Object.entries(headers)
        .map(([k, v]) => [k.toLowerCase(), v])
        .sort(([a], [b]) => (a! < b! ? -1 : 1))
    : [];
  return `${url}\n${JSON.stringify(h)}\n${body}`;
}

interface Shared {
  answer: Promise<Snapshot>;
  controller: AbortController;
  /** Callers still waiting; the fetch is aborted when the last of them has gone. */
  waiting: number;
}

/**
 * Waits for a shared fetch on behalf of one caller. A caller whose client went away stops waiting
 * at once; the fetch itself is aborted only when nobody waits for it any more.
 */
async function waitFor(shared: Shared, client: AbortSignal | undefined, forget: () => void): Promise<Snapshot> {
  if (!client) {
    shared.waiting += Number.POSITIVE_INFINITY; // a caller that cannot leave: the fetch is never given up
    return shared.answer;
  }
  if (client.aborted) throw client.reason;
  shared.waiting += 1;
  let leave: () => void = () => {};
  const left = new Promise<never>((_, reject) => {
    leave = () => {
      shared.waiting -= 1;
      if (shared.waiting <= 0) {
        forget();
        shared.controller.abort(client.reason);
      }
      reject(client.reason);
    };
    client.addEventListener('abort', leave, { once: true });
  });
  left.catch(() => {});
  try {
    return await Promise.race([shared.answer, left]);
  } finally {
    client.removeEventListener('abort', leave);
  }
}

export interface DedupingFetcher {
  fetcher: Fetcher;
  /** Fetches sent to subgraphs, and fetches that joined one already in flight (for tests and stats). */
  stats(): { sent: number; joined: number };
}

/**
 * Wraps `inner` (which must add anything per-request, such as a signature, itself: signing
 * happens below this, so each shared fetch is signed once). Each caller gets its own Response.
 */
export function createDedupingFetcher(inner: Fetcher): DedupingFetcher {
  const inFlight = new Map<string, Shared>();
  let sent = 0;
  let joined = 0;
  const fetcher: Fetcher = async (url, init = {}) => {
    const { body } = init;
    const client = currentRequestSignal();
    if ((init.method ?? 'GET').toUpperCase() !== 'POST' || typeof body !== 'string' || !IS_QUERY.test(body)) {
      return inner(url, init);
    }
    const key = keyOf(url, init.headers as Record<string, string> | undefined, body);
    let shared = inFlight.get(key);
    if (shared) joined += 1;
    else {
      sent += 1;
      const controller = new AbortController();
      const answer = inner(url, { ...init, signal: controller.signal }).then(async (res) => ({
        status: res.status,
        statusText: res.statusText,
        rawHeaders: [...res.headers].flat(),
        body: Buffer.from(await res.arrayBuffer()),
      }));
      const entry: Shared = { answer, controller, waiting: 0 };
      shared = entry;
      inFlight.set(key, entry);
      const forget = () => void (inFlight.get(key) === entry && inFlight.delete(key));
      answer.then(forget, forget);
    }
    const snap = await waitFor(shared, client, () => inFlight.get(key) === shared && inFlight.delete(key));
    // A body can be read once: every caller gets its own response (and parses the shared bytes itself,
    // so no caller can change what another one reads).
    return lightResponse({ url, ...snap });
  };
  return { fetcher, stats: () => ({ sent, joined }) };
}
