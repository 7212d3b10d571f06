// Requests per client at the gateway: one token bucket per client IP. A bucket holds up
// to `burst` tokens and refills at `perSecond`; each request takes one, and an empty bucket is an
// HTTP 429 with Retry-After. Hand-written: rate-limiter-flexible's memory limiter counts fixed
// windows rather than a bucket, and this is thirty lines with a clock the tests can drive.
import type { RequestHandler } from 'express';

export interface RateLimitOptions {
  /** Tokens added per second per client (0 turns the limiter off). */
  perSecond: number;
  /** Most requests a client may send at once after being idle. */
  burst: number;
  now?: () => number;
}

export interface TokenBuckets {
  /** Takes a token for `client`; when none is left, says how long until one is. */
  take(client: string): { ok: true } | { ok: false; retryAfterMs: number };
  readonly size: number;
}

export function createTokenBuckets({ perSecond, burst, now = Date.now }: RateLimitOptions): TokenBuckets {
  const buckets = new Map<string, { tokens: number; at: number }>();
  let lastSweep = now();
  // A full bucket is the same as no bucket: forget those, so memory follows active clients only.
  const sweep = (at: number) => {
    if (at - lastSweep < 10_000) return;
    lastSweep = at;
    for (const [client, b] of buckets) if (b.tokens + ((at - b.at) / 1000) * perSecond >= burst) buckets.delete(client);
  };
  return {
    get size() {
      return buckets.size;
    },
    take(client) {
      const at = now();
      sweep(at);
      const bucket = buckets.get(client) ?? { tokens: burst, at };
      bucket.tokens = Math.min(burst, bucket.tokens + ((at - bucket.at) / 1000) * perSecond);
      bucket.at = at;
      buckets.set(client, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { ok: true };
      }
      return { ok: false, retryAfterMs: Math.ceil(((1 - bucket.tokens) / perSecond) * 1000) };
    },
  };
}

/**
 * Express middleware: the client is `req.ip` (the socket's address, or the proxy's
 * X-Forwarded-For when the app trusts proxies; see TRUST_PROXY in the README).
 */
export function rateLimit(options: RateLimitOptions): RequestHandler {
  if (options.perSecond <= 0) return (_req, _res, next) => next();
  const buckets = createTokenBuckets(options);
  return (req, res, next) => {
    const verdict = buckets.take(req.ip ?? req.socket.remoteAddress ?? 'unknown');
    if (verdict.ok) return next();
    const seconds = Math.max(1, Math.ceil(verdict.retryAfterMs / 1000));
    res
      .status(429)
      .set('retry-after', String(seconds))
      .json({
        errors: [
          {
            message: `Too many requests from this address: at most ${options.perSecond} per second (bursts of ${options.burst}); try again in ${seconds} s`,
            extensions: { code: 'RATE_LIMITED', retryAfterSeconds: seconds },
          },
        ],
      });
  };
}
