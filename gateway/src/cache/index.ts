// Wiring of the response cache into startGateway (server.ts): one call gives the pieces to mount.
import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler } from 'express';
import { type CacheCounters, cacheLookup, createPlanTracker, responseCachePlugin, type PlanTracker } from './http.js';
import { invalidationRoute } from './invalidate-route.js';
import { createResponseCache, type Publication, type ResponseCache } from './response-cache.js';

export { INVALIDATE_PATH } from './invalidate-route.js';
export type { Publication } from './response-cache.js';

export interface ResponseCacheConfig {
  /** Longest an entry lives, in seconds (also bounded by each member's next scheduled release). */
  maxAgeS: number;
  /** Memory for cached bodies, in MiB (default 64). */
  maxMiB?: number;
  /** Cap on Cache-Control max-age sent to clients and proxies, which no invalidation reaches (default 60). */
  clientMaxAgeS?: number;
}

export interface ResponseCacheSetup {
  cache: ResponseCache | undefined;
  plugins: ApolloServerPlugin[];
  /** Express handlers for /graphql, after the body is parsed and before Apollo. */
  lookup: RequestHandler[];
  /** For experimental_didResolveQueryPlan: which subgraphs each answer depends on. */
  didResolveQueryPlan: PlanTracker['didResolveQueryPlan'] | undefined;
  /** POST /internal/invalidate handlers, when a secret can authenticate members. */
  route: RequestHandler[] | undefined;
  /** Drops what a publication changes (in-process callers such as the demo stack). Returns how many. */
  invalidate(publication: Publication): number;
}

export function setupResponseCache(
  config: ResponseCacheConfig | false | undefined,
  secret: string | undefined,
  counters?: CacheCounters,
): ResponseCacheSetup {
  if (!config || config.maxAgeS <= 0) {
    return { cache: undefined, plugins: [], lookup: [], didResolveQueryPlan: undefined, route: undefined, invalidate: () => 0 };
  }
  const cache = createResponseCache({ maxAgeMs: config.maxAgeS * 1000, maxBytes: (config.maxMiB ?? 64) * 1024 * 1024 });
  const tracker = createPlanTracker();
  const clientMaxAgeS = config.clientMaxAgeS ?? 60;
  const invalidate = (p: Publication) => cache.invalidate(p);
  return {
    cache,
    plugins: [responseCachePlugin(cache, tracker, clientMaxAgeS)],
    lookup: [cacheLookup(cache, clientMaxAgeS, counters)],
    didResolveQueryPlan: tracker.didResolveQueryPlan,
    route: secret ? invalidationRoute(secret, invalidate) : undefined,
    invalidate,
  };
}
