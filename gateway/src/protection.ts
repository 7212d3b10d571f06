// What stands between the public and the members: query limits, a rate limit per client,
// a circuit breaker per subgraph, signed subgraph requests and errors that leak nothing. server.ts
// wires these in; the defaults here are the ones documented in gateway/README.md.
import type { ApolloServerPlugin } from '@apollo/server';
import { jsonErrorHandler as sharedJsonErrorHandler } from '@migfed/subgraph-kit/json-errors';
import type { RequestHandler } from 'express';
import type { CircuitBreakerOptions } from './circuit-breaker.js';
import { DEFAULT_QUERY_LIMITS, operationSizeGuard, queryLimitsPlugin, type QueryLimits } from './query-limits.js';
import { rateLimit, type RateLimitOptions } from './rate-limit.js';
import { readOnlyPlugin, requestGuard, responseSizeGuard } from './request-guards.js';

export interface ProtectionOptions {
  /** Bounds on depth, aliases, list sizes, cost and operation size; false turns them off (tests only). */
  limits?: Partial<QueryLimits> | false;
  /** Token bucket per client IP on /graphql; false turns it off. */
  rateLimit?: Omit<RateLimitOptions, 'now'> | false;
  /** Skip a subgraph after repeated failures, for a cool-down; false turns it off. */
  circuitBreaker?: Omit<CircuitBreakerOptions, 'now'> | false;
  /** Sign every subgraph request with this secret (shared with subgraphs that require it). */
  signingSecret?: string;
  /** Proxy hops in front of the gateway whose X-Forwarded-For names the client (default 0). */
  trustProxy?: number;
}

export const DEFAULT_RATE_LIMIT = { perSecond: 20, burst: 100 };
export const DEFAULT_CIRCUIT_BREAKER = { failureThreshold: 5, coolDownMs: 10_000 };

export interface Protection {
  /** Express handlers on /graphql before the body is parsed (the rate limit: refuse cheaply). */
  beforeParse: RequestHandler[];
  /** … and after it is parsed, before Apollo (one operation, JSON depth, NUL, operation size and tokens). */
  afterParse: RequestHandler[];
  plugins: ApolloServerPlugin[];
  circuitBreaker: Omit<CircuitBreakerOptions, 'now'> | undefined;
}

export function createProtection(options: ProtectionOptions): Protection {
  const limits = options.limits === false ? undefined : { ...DEFAULT_QUERY_LIMITS, ...options.limits };
  const rate = options.rateLimit === false ? undefined : (options.rateLimit ?? DEFAULT_RATE_LIMIT);
  return {
    beforeParse: [...(rate ? [rateLimit(rate)] : []), ...(limits ? [responseSizeGuard(limits.maxResponseBytes)] : [])],
    // Always on: these refuse what would otherwise be a 500 (a batch, JSON too deep, a NUL byte, a mutation).
    afterParse: [requestGuard(limits?.maxTokens), ...(limits ? [operationSizeGuard(limits.maxOperationBytes)] : [])],
    plugins: [readOnlyPlugin(), ...(limits ? [queryLimitsPlugin(limits)] : [])],
    circuitBreaker: options.circuitBreaker === false ? undefined : (options.circuitBreaker ?? DEFAULT_CIRCUIT_BREAKER),
  };
}

/**
 * The gateway's last Express handler: a body that is not JSON, or too large, is answered as a
 * GraphQL error (the same handler every subgraph ends with).
 */
export const jsonErrorHandler = sharedJsonErrorHandler('gateway');
