import { existsSync } from 'node:fs';
import { listRegions, supergraphPath } from '@migfed/schema';
import { EnvReader } from '@migfed/subgraph-kit/env';
import { type ObservabilityConfig, readObservability } from '@migfed/subgraph-kit/observability';
import { secretProblems } from '@migfed/subgraph-kit/signing';
import { DEFAULT_QUERY_LIMITS, type QueryLimits } from './query-limits.js';

export interface GatewayConfig {
  port: number;
  host: string;
  /** Region id, a file in schema/regions/. */
  region: string;
  /** The supergraph file served (ignored when composeAtStart). */
  supergraphPath: string;
  subgraphTimeoutMs: number;
  /** Dev: compose from the region's running subgraphs instead of reading supergraphPath. */
  composeAtStart: boolean;
  /** Shared with the subgraphs; every subgraph request is signed when set. */
  signingSecret?: string | undefined;
  /** failureThreshold 0 turns the breaker off. */
  circuitBreaker: { failureThreshold: number; coolDownMs: number };
  limits: QueryLimits;
  /** perSecond 0 turns the limiter off. */
  rateLimit: { perSecond: number; burst: number };
  /** Proxy hops in front of the gateway whose X-Forwarded-For is believed (0: none). */
  trustProxy: number;
  /** On SIGTERM, how long running requests may finish before they are cut. */
  shutdownGraceMs: number;
  /** Response cache (maxAgeS 0 turns it off) and in-flight subgraph fetch deduplication. */
  performance: { responseCacheMaxAgeS: number; responseCacheMaxMiB: number; cacheControlMaxAgeS: number; dedupeSubgraphFetches: boolean };
  /** LOG_LEVEL, METRICS, OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_SERVICE_NAME (the kit's, as for every service). */
  observability: ObservabilityConfig;
}

export type ConfigResult = { config: GatewayConfig; errors?: undefined } | { config?: undefined; errors: string[] };

type Env = Readonly<Record<string, string | undefined>>;

/** Reads the gateway's environment once; every bad variable is reported, not only the first. */
export function parseConfig(env: Env): ConfigResult {
  const r = new EnvReader(env);
  const port = r.int('PORT', 4000, 0, 65535);
  const host = r.str('HOST', '0.0.0.0')!;
  const subgraphTimeoutMs = r.int('SUBGRAPH_TIMEOUT_MS', 5000, 1, 600_000);
  const composeAtStart = r.bool('COMPOSE_AT_START', false);
  const region = r.str('REGION', 'dsm')!;
  const regions = listRegions();
  const knownRegion = regions.includes(region);
  if (!knownRegion) r.problems.push(`REGION must be one of ${regions.join(', ')}, got "${region}"`);
  const explicitPath = r.str('SUPERGRAPH_PATH');
  const path = explicitPath ?? supergraphPath(region);
  if (!composeAtStart && (knownRegion || explicitPath) && !existsSync(path)) {
    r.problems.push(`SUPERGRAPH_PATH: no supergraph file at ${path} (run \`pnpm compose\`, or set COMPOSE_AT_START=1 in development)`);
  }
  const signingSecret = r.str('SUBGRAPH_SIGNING_SECRET');
  r.problems.push(...secretProblems('SUBGRAPH_SIGNING_SECRET', signingSecret));
  const circuitBreaker = {
    failureThreshold: r.int('CIRCUIT_BREAKER_FAILURES', 5, 0, 1000),
    coolDownMs: r.int('CIRCUIT_BREAKER_COOLDOWN_MS', 10_000, 100, 3_600_000),
  };
  const d = DEFAULT_QUERY_LIMITS;
  const limits: QueryLimits = {
    maxDepth: r.int('MAX_QUERY_DEPTH', d.maxDepth, 1, 100),
    maxAliases: r.int('MAX_QUERY_ALIASES', d.maxAliases, 0, 10_000),
    maxListSize: r.int('MAX_LIST_SIZE', d.maxListSize, 1, 1_000_000),
    maxCost: r.int('MAX_QUERY_COST', d.maxCost, 1, 1_000_000_000),
    maxOperationBytes: r.int('MAX_OPERATION_BYTES', d.maxOperationBytes, 256, 1_000_000),
    maxTokens: r.int('MAX_QUERY_TOKENS', d.maxTokens, 100, 1_000_000),
    maxIntrospectionDepth: r.int('MAX_INTROSPECTION_DEPTH', d.maxIntrospectionDepth, 1, 100),
    maxResponseBytes: r.int('MAX_RESPONSE_BYTES', d.maxResponseBytes, 65_536, 2 ** 31),
  };
  const rateLimit = {
    perSecond: r.int('RATE_LIMIT_PER_SECOND', 20, 0, 1_000_000),
    burst: r.int('RATE_LIMIT_BURST', 100, 1, 1_000_000),
  };
  const trustProxy = r.int('TRUST_PROXY', 0, 0, 10);
  const shutdownGraceMs = r.int('SHUTDOWN_GRACE_S', 30, 0, 3600) * 1000;
  const performance = {
    responseCacheMaxAgeS: r.int('RESPONSE_CACHE_MAX_AGE_S', 300, 0, 86_400),
    responseCacheMaxMiB: r.int('RESPONSE_CACHE_MAX_MB', 64, 1, 65_536),
    cacheControlMaxAgeS: r.int('CACHE_CONTROL_MAX_AGE_S', 60, 0, 86_400),
    dedupeSubgraphFetches: r.bool('DEDUPE_SUBGRAPH_FETCHES', true),
  };
  const observability = readObservability(r);
  if (r.problems.length > 0) return { errors: [...r.problems] };
  return {
    config: {
      port,
      host,
      region,
      supergraphPath: path,
      subgraphTimeoutMs,
      composeAtStart,
      signingSecret,
      circuitBreaker,
      limits,
      rateLimit,
      trustProxy,
      shutdownGraceMs,
      performance,
      observability,
    },
  };
}
