// Trust between the gateway and a subgraph: a subgraph's `_entities` field would otherwise let
// anyone bypass every rule the gateway applies. The gateway holds one master secret and gives each
// subgraph its own key, derived from that secret and the subgraph's name (HKDF), so a member's
// operator, who holds only its member's key, can sign nothing for another member. Every signature
// names the subgraph it is for, so one captured for a member is refused by every other; and a
// subgraph refuses what was signed before it started, so a restart forgets no replay it must catch.
// Node's crypto only: nothing here needs a dependency. Imported by the gateway through the
// `@migfed/subgraph-kit/signing` entry, which loads no database code.
import { createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-migfed-signature';
export const TIMESTAMP_HEADER = 'x-migfed-timestamp';
export const NONCE_HEADER = 'x-migfed-nonce';
/** Which subgraph signed a request it sends to the gateway (a publication notice). */
export const SIGNER_HEADER = 'x-migfed-subgraph';
/** The audience of requests subgraphs send to the gateway. */
export const GATEWAY_AUDIENCE = 'gateway';
/** 32 characters: a 128-bit secret in base64 is about 22, so this asks for more than a password. */
export const MIN_SECRET_LENGTH = 32;
/** Subgraph names as the supergraph spells them: `registry`, `country_mda`, `provider_unhcr`. */
export const SUBGRAPH_NAME = /^[a-z][a-z0-9_]{0,62}$/;

/**
 * The signing key of one subgraph: HKDF-SHA256 of the gateway's master secret with the subgraph's
 * name as context, 32 bytes in base64url. Whoever holds it can sign requests to that subgraph only.
 */
export function deriveSubgraphKey(masterSecret: string, subgraph: string): string {
  if (!SUBGRAPH_NAME.test(subgraph)) throw new Error(`"${subgraph}" is not a subgraph name (e.g. country_mda, registry, provider_unhcr)`);
  return Buffer.from(hkdfSync('sha256', masterSecret, 'migfed subgraph signing key', `subgraph:${subgraph}`, 32)).toString('base64url');
}

/** Each subgraph's key from the master secret, derived once per name. */
export function subgraphKeys(masterSecret: string): (subgraph: string) => string {
  const keys = new Map<string, string>();
  return (subgraph) => {
    const known = keys.get(subgraph);
    if (known !== undefined) return known;
    const key = deriveSubgraphKey(masterSecret, subgraph);
    keys.set(subgraph, key);
    return key;
  };
}

export interface RequestToSign {
  method: string;
  /** Path and query string as the subgraph sees them, e.g. `/graphql`. */
  path: string;
  body: string | Uint8Array;
}

/**
 * What is signed: the audience (the subgraph a request is for, or `gateway`), method, path,
 * timestamp, a one-time nonce and the SHA-256 of the body, so that no part of a request can be
 * changed, sent elsewhere or replayed later without the key.
 */
function canonical(audience: string, req: RequestToSign, timestamp: string, nonce: string): string {
  const bodyHash = createHash('sha256').update(req.body).digest('hex');
  return ['migfed-v2', audience, req.method.toUpperCase(), req.path, timestamp, nonce, bodyHash].join('\n');
}

const mac = (key: string, text: string) => createHmac('sha256', key).update(text).digest('hex');

/** The headers that sign one request for `audience` with its key (timestamp in milliseconds since the epoch). */
export function signRequest(
  key: string,
  audience: string,
  req: RequestToSign,
  now = Date.now(),
  nonce = randomBytes(12).toString('base64url'),
): Record<string, string> {
  const timestamp = String(Math.floor(now));
  return {
    [TIMESTAMP_HEADER]: timestamp,
    [NONCE_HEADER]: nonce,
    [SIGNATURE_HEADER]: `v2=${mac(key, canonical(audience, req, timestamp, nonce))}`,
  };
}

export type SignatureVerdict =
  | { ok: true; signer?: string }
  | { ok: false; reason: 'MISSING' | 'MALFORMED' | 'EXPIRED' | 'MISMATCH' | 'REPLAYED' | 'BEFORE_START'; message: string };

export interface VerifierOptions {
  /**
   * This subgraph's own key; or, where requests come from many signers (the gateway hearing from
   * its subgraphs), the key of the signer the request names in SIGNER_HEADER (undefined: unknown).
   */
  key: string | ((signer: string) => string | undefined);
  /** Who the requests are for: this subgraph's name, or `gateway`. */
  audience: string;
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
 * window, and the window bounds how long it must be remembered. The memory lives in the process,
 * so what was signed before the verifier was made (before this process started) is refused: a
 * request captured before a restart cannot be replayed after it. Replicas behind a load balancer
 * each remember their own (a replay to another replica within the window still needs the captured
 * request, and reads are idempotent).
 */
export function createVerifier({ key, audience, maxSkewMs = 60_000, now = Date.now }: VerifierOptions) {
  const startedAt = now();
  const seen = new Map<string, number>(); // signer and nonce → when it may be forgotten
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
        `this ${audience === GATEWAY_AUDIENCE ? "endpoint answers only the region's subgraphs" : 'subgraph answers only its gateway'}: the request is not signed (headers ${SIGNATURE_HEADER}, ${TIMESTAMP_HEADER}, ${NONCE_HEADER})${audience === GATEWAY_AUDIENCE ? '' : "; query the region's gateway instead"}`,
      );
    }
    const given = /^v2=([0-9a-f]{64})$/.exec(signature)?.[1];
    if (!given || !/^\d{1,15}$/.test(timestamp) || !/^[\w-]{8,64}$/.test(nonce))
      return refuse('MALFORMED', 'the request signature is malformed (expected a v2 signature with a timestamp in milliseconds)');
    let signingKey: string | undefined;
    let signer: string | undefined;
    if (typeof key === 'string') signingKey = key;
    else {
      signer = one(req.headers, SIGNER_HEADER);
      if (!signer || !SUBGRAPH_NAME.test(signer))
        return refuse('MALFORMED', `the request does not name its signer in ${SIGNER_HEADER} (e.g. country_mda)`);
      signingKey = key(signer);
      if (signingKey === undefined) return refuse('MISMATCH', `${signer} is not a subgraph of this region`);
    }
    const at = now();
    const signedAt = Number(timestamp);
    const skew = Math.abs(at - signedAt);
    if (skew > maxSkewMs) {
      return refuse(
        'EXPIRED',
        `the request was signed ${Math.round(skew / 1000)} s away from this server's clock (at most ${Math.round(maxSkewMs / 1000)} s allowed): check both clocks`,
      );
    }
    const expected = Buffer.from(mac(signingKey, canonical(audience, req, timestamp, nonce)), 'hex');
    if (!timingSafeEqual(expected, Buffer.from(given, 'hex')))
      return refuse(
        'MISMATCH',
        audience === GATEWAY_AUDIENCE
          ? `the request signature does not match: ${signer} did not sign it with its own key`
          : `the request signature does not match: it was not signed for ${audience} with ${audience}'s key (from the gateway's SUBGRAPH_SIGNING_SECRET, see \`migfed signing-key\`)`,
      );
    if (signedAt < startedAt)
      return refuse(
        'BEFORE_START',
        `the request was signed before this ${audience === GATEWAY_AUDIENCE ? 'gateway' : 'subgraph'} started (a replay after a restart is refused): sign it again`,
      );
    forget(at);
    const id = `${signer ?? ''}/${nonce}`;
    if (seen.has(id)) return refuse('REPLAYED', 'this signed request was already received once (replay refused)');
    seen.set(id, signedAt + maxSkewMs);
    return signer ? { ok: true, signer } : { ok: true };
  };
}

/** Problems with a signing secret, for config parsers (empty when it is fine). */
export function secretProblems(name: string, secret: string | undefined): string[] {
  if (secret === undefined) return [];
  return secret.length < MIN_SECRET_LENGTH
    ? [`${name} must be at least ${MIN_SECRET_LENGTH} characters (e.g. \`openssl rand -base64 48\`), got ${secret.length}`]
    : [];
}
