// A minimal fetch Response for subgraph answers . A
// profile of the gateway under varied reports showed ~7% of its CPU and much of its garbage in
// undici's Response: web streams, body extraction and header objects, for a body that is already
// one Buffer in memory and is read exactly once as JSON. This holds the Buffer and parses it.
import type { Fetcher } from '../fetcher.js';

type FetcherResponse = Awaited<ReturnType<Fetcher>>;
type FetcherHeaders = FetcherResponse['headers'];

/** Response headers, names lower-cased; repeated headers joined with ", " as fetch does. */
class LightHeaders implements FetcherHeaders {
  readonly #map = new Map<string, string>();

  constructor(raw: readonly string[] = []) {
    for (let i = 0; i + 1 < raw.length; i += 2) this.append(raw[i]!, raw[i + 1]!);
  }
  append(name: string, value: string): void {
    const key = name.toLowerCase();
    const old = this.#map.get(key);
    this.#map.set(key, old === undefined ? value : `${old}, ${value}`);
  }
  delete(name: string): void {
    this.#map.delete(name.toLowerCase());
  }
  get(name: string): string | null {
    return this.#map.get(name.toLowerCase()) ?? null;
  }
  has(name: string): boolean {
    return this.#map.has(name.toLowerCase());
  }
  set(name: string, value: string): void {
    this.#map.set(name.toLowerCase(), value);
  }
  entries(): IterableIterator<[string, string]> {
    return this.#map.entries();
  }
  keys(): IterableIterator<string> {
    return this.#map.keys();
  }
  values(): IterableIterator<string> {
    return this.#map.values();
  }
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.#map.entries();
  }
}

export interface LightResponseInit {
  url: string;
  status: number;
  statusText?: string;
  /** Node's `res.rawHeaders`: name, value, name, value, … */
  rawHeaders?: readonly string[];
  body: Buffer | null;
}

export function lightResponse(init: LightResponseInit): FetcherResponse {
  const body = init.body ?? Buffer.alloc(0);
  const headers = new LightHeaders(init.rawHeaders);
  let used = false;
  const take = () => {
    if (used) throw new TypeError('Body is unusable: body has already been read');
    used = true;
    return body;
  };
  const response: FetcherResponse = {
    url: init.url,
    status: init.status,
    statusText: init.statusText ?? '',
    ok: init.status >= 200 && init.status < 300,
    redirected: false,
    headers,
    get bodyUsed() {
      return used;
    },
    text: async () => take().toString('utf8'),
    json: async () => JSON.parse(take().toString('utf8')) as unknown,
    arrayBuffer: async () => {
      const b = take();
      return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
    },
    clone: () => lightResponse({ ...init, rawHeaders: [...headers].flat() }),
  };
  return response;
}
