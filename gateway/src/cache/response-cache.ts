// The gateway's response cache for published data. A regional graph is read far more
// than it is written, and its figures change only when a member publishes: so a whole answer can be
// kept until the next publication of a member it used. Three things bound an entry's life:
//   1. a notification that a member published or revised (invalidate): its entries go at once;
//   2. a member's next scheduled release (an embargo that ends later): its entries end then, so a
//      scheduled publication becomes visible on time without anyone telling the gateway again;
//   3. maxAgeMs, for whatever no one notifies (a restart that forgot a schedule, provider imports).
// Only whole, error-free answers to anonymous reads are ever stored (see http.ts).

export interface ResponseCacheOptions {
  /** Longest an entry lives (ms); the safety net for changes nobody announces. */
  maxAgeMs: number;
  /** Memory for bodies (bytes); least recently used entries go first. */
  maxBytes: number;
  now?: () => number;
}

export interface CachedResponse {
  body: string;
  storedAt: number;
  expiresAt: number;
  /** Subgraphs the answer's query plan may fetch from (`country_mda`, `registry`, …). */
  subgraphs: ReadonlySet<string>;
}

/** What a member tells the gateway (country subgraph's `admin.onPublished`); no country: everything. */
export interface Publication {
  country?: string;
  release?: string;
  /** When the release becomes visible; in the future for an embargoed (scheduled) release. */
  visibleFrom?: Date | string;
}

export interface ResponseCache {
  get(key: string): CachedResponse | undefined;
  /** A counter that changes with every invalidation: read it when a request starts. */
  readonly generation: number;
  /** Stores unless an invalidation happened since `generation` was read (the answer may be stale). */
  set(key: string, body: string, subgraphs: ReadonlySet<string>, generation: number): CachedResponse | undefined;
  invalidate(publication: Publication): number;
  stats(): { entries: number; bytes: number; hits: number; misses: number };
}

export const memberSubgraph = (iso3: string) => `country_${iso3.toLowerCase()}`;

export function createResponseCache({ maxAgeMs, maxBytes, now = Date.now }: ResponseCacheOptions): ResponseCache {
  const entries = new Map<string, CachedResponse>(); // insertion order = least recently used first
  const scheduled = new Map<string, number[]>(); // subgraph → future release instants (ms), sorted
  let bytes = 0;
  let generation = 0;
  let hits = 0;
  let misses = 0;
  // Keys count too: they hold the operation text and variables, often a kilobyte or more.
  const size = (key: string, entry: CachedResponse) => key.length + entry.body.length;
  const drop = (key: string, entry: CachedResponse) => {
    entries.delete(key);
    bytes -= size(key, entry);
  };
  const nextRelease = (subgraph: string, at: number) => {
    const times = scheduled.get(subgraph)?.filter((t) => t > at);
    if (times) times.length ? scheduled.set(subgraph, times) : scheduled.delete(subgraph);
    return times?.[0] ?? Infinity;
  };
  return {
    get generation() {
      return generation;
    },
    get(key) {
      const entry = entries.get(key);
      if (entry && entry.expiresAt > now()) {
        entries.delete(key); // most recently used goes last
        entries.set(key, entry);
        hits += 1;
        return entry;
      }
      if (entry) drop(key, entry);
      misses += 1;
      return undefined;
    },
    set(key, body, subgraphs, startedAt) {
      if (startedAt !== generation || key.length + body.length > maxBytes) return undefined;
      const at = now();
      let expiresAt = at + maxAgeMs;
      for (const s of subgraphs) expiresAt = Math.min(expiresAt, nextRelease(s, at));
      if (expiresAt <= at) return undefined;
      const old = entries.get(key);
      if (old) drop(key, old);
      const entry = { body, storedAt: at, expiresAt, subgraphs };
      entries.set(key, entry);
      bytes += size(key, entry);
      for (const [k, e] of entries) {
        if (bytes <= maxBytes) break;
        drop(k, e);
      }
      return entry;
    },
    invalidate({ country, visibleFrom }) {
      generation += 1;
      const subgraph = country ? memberSubgraph(country) : undefined;
      const at = now();
      const from = visibleFrom === undefined ? NaN : new Date(visibleFrom).getTime();
      if (subgraph && from > at)
        scheduled.set(
          subgraph,
          [...(scheduled.get(subgraph) ?? []), from].sort((a, b) => a - b),
        );
      let dropped = 0;
      for (const [key, entry] of entries) {
        if (subgraph && !entry.subgraphs.has(subgraph)) continue;
        drop(key, entry);
        dropped += 1;
      }
      return dropped;
    },
    stats: () => ({ entries: entries.size, bytes, hits, misses }),
  };
}

/** The key of a read: operation text, operation name and variables (key order does not matter). */
export function cacheKey(query: string, operationName: string | undefined | null, variables: unknown): string {
  return JSON.stringify([query, operationName ?? null, canonical(variables ?? null)]);
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}
