// The response cache at the HTTP edge: a lookup before Apollo (a hit costs no parsing, validation,
// planning or subgraph fetch) and a plugin that stores what may be stored and says so honestly in
// Cache-Control. What a cached answer depends on comes from its query plan: every subgraph the plan
// may fetch from (a superset of those fetched, so an invalidation can never miss an entry).
import type { GatewayConfig } from '@apollo/gateway';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Request, RequestHandler } from 'express';
import { cacheKey, type CachedResponse, type ResponseCache } from './response-cache.js';

type DidResolveQueryPlan = NonNullable<GatewayConfig['experimental_didResolveQueryPlan']>;
type PlanNode = {
  kind: string;
  serviceName?: string;
  node?: PlanNode;
  nodes?: PlanNode[];
  ifClause?: PlanNode;
  elseClause?: PlanNode;
  primary?: { node?: PlanNode };
  deferred?: { node?: PlanNode }[];
  rest?: PlanNode;
};

function collect(node: PlanNode | undefined, into: Set<string>): Set<string> {
  if (!node) return into;
  if (node.serviceName) into.add(node.serviceName);
  for (const child of [
    node.node,
    node.ifClause,
    node.elseClause,
    node.primary?.node,
    node.rest,
    ...(node.nodes ?? []),
    ...(node.deferred ?? []).map((d) => d.node),
  ])
    collect(child, into);
  return into;
}

const ON_BEHALF_OF = Symbol('migfed.onBehalfOf');

/**
 * The context of an operation the gateway runs in-process for a public request (whose context is
 * `request`): the response cache then counts what it fetches from as the request's dependencies.
 * (Apollo Server copies a context's own properties, not the object, into the operation it runs.)
 */
export function contextOnBehalfOf(request: object): object {
  return { [ON_BEHALF_OF]: request };
}

/** Remembers, per request (keyed by its context value), the subgraphs its query plans fetch from. */
export function createPlanTracker() {
  const byPlan = new WeakMap<object, Set<string>>();
  const byRequest = new WeakMap<object, Set<string>>();
  const didResolveQueryPlan: DidResolveQueryPlan = ({ queryPlan, requestContext }) => {
    let subgraphs = byPlan.get(queryPlan);
    if (!subgraphs) {
      subgraphs = collect(queryPlan.node as PlanNode | undefined, new Set());
      byPlan.set(queryPlan, subgraphs);
    }
    // Apollo Server hands the gateway the request's contextValue as `context`.
    const context = requestContext.context;
    if (!context) return;
    byRequest.set(context, subgraphs);
    // An operation the gateway runs on a request's behalf (`bilateralMatrix`): what it fetches
    // from, the request's answer depends on too.
    const owner = (context as { [ON_BEHALF_OF]?: object })[ON_BEHALF_OF];
    if (owner) byRequest.set(owner, new Set([...(byRequest.get(owner) ?? []), ...subgraphs]));
  };
  return { didResolveQueryPlan, subgraphsOf: (contextValue: object) => byRequest.get(contextValue) };
}

export type PlanTracker = ReturnType<typeof createPlanTracker>;

/**
 * A read the cache may answer: a POST (a GET must first pass Apollo's CSRF checks, so it is never
 * answered here), no credentials of any kind, one operation, its text given.
 */
function anonymousRead(req: Request): { key: string } | undefined {
  if (req.method !== 'POST' || req.headers.authorization || req.headers.cookie) return undefined;
  const source = req.body as Record<string, unknown> | undefined;
  if (!source || Array.isArray(source) || typeof source.query !== 'string' || source.extensions !== undefined) return undefined;
  let variables = source.variables;
  if (typeof variables === 'string') {
    try {
      variables = JSON.parse(variables);
    } catch {
      return undefined; // Apollo will explain what is wrong with it
    }
  }
  const name = typeof source.operationName === 'string' ? source.operationName : undefined;
  return { key: cacheKey(source.query, name, variables) };
}

/** Cache-Control for a stored answer: public until it expires, but no longer than the client cap. */
export function publicCacheControl(entry: CachedResponse, clientMaxAgeS: number, now = Date.now()): string {
  const left = Math.max(0, Math.floor((entry.expiresAt - now) / 1000));
  return `public, max-age=${Math.min(left, clientMaxAgeS)}`;
}

/** Told of each anonymous read the cache answered or could not answer (the gateway's /metrics). */
export interface CacheCounters {
  hit(): void;
  miss(): void;
}

export function cacheLookup(cache: ResponseCache, clientMaxAgeS: number, counters?: CacheCounters): RequestHandler {
  return (req, res, next) => {
    const read = anonymousRead(req);
    const entry = read && cache.get(read.key);
    if (read && entry) counters?.hit();
    else if (read) counters?.miss();
    if (!entry) return next();
    res
      .status(200)
      .set('cache-control', publicCacheControl(entry, clientMaxAgeS))
      .set('age', String(Math.floor((Date.now() - entry.storedAt) / 1000)))
      .set('x-migfed-cache', 'HIT')
      .type('application/json; charset=utf-8')
      .send(entry.body);
  };
}

/**
 * Stores an answer only when it is a complete, error-free answer (no partial data: a member that
 * failed must be asked again next time) to an anonymous query, and no member published while it
 * was being computed. Everything not stored is `no-store`.
 */
export function responseCachePlugin(cache: ResponseCache, tracker: PlanTracker, clientMaxAgeS: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const generation = cache.generation;
      return {
        async willSendResponse({ request, response, operation, contextValue }) {
          const headers = response.http.headers;
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          const http = request.http?.headers;
          const storable =
            !result.errors?.length &&
            result.data != null &&
            !result.extensions &&
            operation?.operation === 'query' &&
            typeof request.query === 'string' &&
            (response.http.status ?? 200) === 200 &&
            !http?.get('authorization') &&
            !http?.get('cookie');
          // Same bytes Apollo Server sends for a result without errors: JSON of { data } and a newline.
          const entry = storable
            ? cache.set(
                cacheKey(request.query!, request.operationName, request.variables),
                `${JSON.stringify({ data: result.data })}\n`,
                tracker.subgraphsOf(contextValue) ?? new Set(),
                generation,
              )
            : undefined;
          headers.set('cache-control', entry ? publicCacheControl(entry, clientMaxAgeS) : 'no-store');
          if (entry) headers.set('x-migfed-cache', 'MISS');
        },
      };
    },
  };
}
