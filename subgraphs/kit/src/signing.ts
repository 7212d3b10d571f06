// Trust between the gateway and a subgraph: a subgraph's
// `_entities` field would otherwise let anyone bypass every rule the gateway applies. The gateway
// signs each request with a secret it shares with the subgraph; the subgraph refuses the rest.
// Node's crypto only: nothing here needs a dependency. Imported by the gateway through the
// `@migfed/subgraph-kit/signing` entry, which loads no database code.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-migfed-signature';
export const TIMESTAMP_HEADER = 'x-migfed-timestamp';
export const NONCE_HEADER = 'x-migfed-nonce';
/** 32 characters: a 128-bit secret in base64 is about 22, so this asks for more than a password. */
export const MIN_SECRET_LENGTH = 32;

export interface RequestToSign {
  method: string;
  /** Path and query string as the subgraph sees them, e.g. `/graphql`. */
  path: string;
  body: string | Uint8Array;
}

/**
 * What is signed: method, path, timestamp, a one-time nonce and the SHA-256 of the body, so that
 * no part of a request can be changed or replayed later without the secret.
 */
function canonical(req: RequestToSign, timestamp: string, nonce: string): string {
  const bodyHash = createHash('sha256').update(req.body).digest('hex');
  return ['migfed-v1', req.method.toUpperCase(), req.path, timestamp, nonce, bodyHash].join('\n');
}

const mac = (secret: string, text: string) => createHmac('sha256', secret).update(text).digest('hex');

/** The headers that sign one request (timestamp in whole seconds since the epoch). */
export function signRequest(
  secret: string,
  req: RequestToSign,
  now = Date.now(),
  nonce = randomBytes(12).toString('base64url'),
): Record<string, string> {
  const timestamp = String(Math.floor(now / 1000));
  return {
    [TIMESTAMP_HEADER]: timestamp,
    [NONCE_HEADER]: nonce,
    [SIGNATURE_HEADER]: `v1=${mac(secret, canonical(req, timestamp, nonce))}`,
  };
}

export type SignatureVerdict =
  | { ok: true }
  | { ok: false; reason: 'MISSING' | 'MALFORMED' | 'EXPIRED' | 'MISMATCH' | 'REPLAYED'; message: string };

export interface VerifierOptions {
  secret: string;
  /** How far the request's timestamp may be from this server's clock (default 60 s). */
  maxSkewMs?: number;
  now?: () => number;
}

type Headers = Record<string, string | string[] | undefined>;
const one = (h: Headers, name: string) => (Array.isArray(h[name]) ? h[name][0] : h[name]);

const refuse = (reason: Exclude<SignatureVerdict, { ok: true }>['reason'], message: string): SignatureVerdict => ({
  ok: false,
  reason,
  message,
});

/**
 * A verifier with its own replay memory: a nonce is accepted once while its timestamp is inside the
 * window, and the window bounds how long it must be remembered. One memory per process: replicas
 * behind a load balancer each remember their own (a replay to another replica within the window
 * still needs the captured request, and reads are idempotent).
 */
export function createVerifier({ secret, maxSkewMs = 60_000, now = Date.now }: VerifierOptions) {
  const seen = new Map<string, number>(); // nonce → when it may be forgotten
  const forget = (at: number) => {
    for (const [nonce, until] of seen) {
      if (until > at && seen.size < 200_000) break;
      seen.delete(nonce);
    }
  };
  return (req: RequestToSign & { headers: Headers }): SignatureVerdict => {
    const signature = one(req.headers, SIGNATURE_HEADER);
    const timestamp = one(req.headers, TIMESTAMP_HEADER);
    const nonce = one(req.headers, NONCE_HEADER);
    if (!signature || !timestamp || !nonce) {
      return refuse(
        'MISSING',
        `this subgraph answers only its gateway: the request is not signed (headers ${SIGNATURE_HEADER}, ${TIMESTAMP_HEADER}, ${NONCE_HEADER}); query the region's gateway instead`,
      );
    }
    const given = /^v1=([0-9a-f]{64})$/.exec(signature)?.[1];
    if (!given || !/^\d{1,12}$/.test(timestamp) || !/^[\w-]{8,64}$/.test(nonce))
      return refuse('MALFORMED', 'the request signature is malformed');
    const at = now();
    const skew = Math.abs(at - Number(timestamp) * 1000);
    if (skew > maxSkewMs) {
      return refuse(
        'EXPIRED',
        `the request was signed ${Math.round(skew / 1000)} s away from this server's clock (at most ${Math.round(maxSkewMs / 1000)} s allowed): check both clocks`,
      );
    }
    const expected = Buffer.from(mac(secret, canonical(req, timestamp, nonce)), 'hex');
    if (!timingSafeEqual(expected, Buffer.from(given, 'hex')))
      return refuse('MISMATCH', 'the request signature does not match: the gateway and this subgraph do not share the same signing secret');
    forget(at);
    if (seen.has(nonce)) return refuse('REPLAYED', 'this signed request was already received once (replay refused)');
    seen.set(nonce, Number(timestamp) * 1000 + maxSkewMs);
    return { ok: true };
  };
}

/** Problems with a signing secret, for config parsers (empty when it is fine). */
export function secretProblems(name: string, secret: string | undefined): string[] {
  if (secret === undefined) return [];
  return secret.length < MIN_SECRET_LENGTH
    ? [`${name} must be at least ${MIN_SECRET_LENGTH} characters (e.g. \`openssl rand -base64 48\`), got ${secret.length}`]
    : [];
}
