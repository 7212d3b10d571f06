import { existsSync } from 'node:fs';
import { listRegions, supergraphPath } from '@migfed/schema';
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
  /** Issue 7: response cache (maxAgeS 0 turns it off) and in-flight subgraph fetch deduplication. */
  performance: { responseCacheMaxAgeS: number; responseCacheMaxMiB: number; cacheControlMaxAgeS: number; dedupeSubgraphFetches: boolean };
}

export type ConfigResult = { config: GatewayConfig; errors?: undefined } | { config?: undefined; errors: string[] };

type Env = Readonly<Record<string, string | undefined>>;

function getInt(env: Env, name: string, fallback: number, min: number, max: number, errors: string[]): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    errors.push(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
    return fallback;
  }
  return value;
}

function getBool(env: Env, name: string, errors: string[]): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw || ['0', 'false', 'no'].includes(raw)) return false;
  if (['1', 'true', 'yes'].includes(raw)) return true;
  errors.push(`${name} must be 1 or 0 (true/false, yes/no), got "${env[name]}"`);
  return false;
}

/** Reads the gateway's environment once; every bad variable is reported, not only the first. */
export function parseConfig(env: Env): ConfigResult {
  const errors: string[] = [];
  const port = getInt(env, 'PORT', 4000, 0, 65535, errors);
  const host = env.HOST?.trim() || '0.0.0.0';
  const subgraphTimeoutMs = getInt(env, 'SUBGRAPH_TIMEOUT_MS', 5000, 1, 600_000, errors);
  const composeAtStart = getBool(env, 'COMPOSE_AT_START', errors);
  const region = env.REGION?.trim() || 'dsm';
  const regions = listRegions();
  const knownRegion = regions.includes(region);
  if (!knownRegion) errors.push(`REGION must be one of ${regions.join(', ')}, got "${region}"`);
  const explicitPath = env.SUPERGRAPH_PATH?.trim();
  const path = explicitPath || supergraphPath(region);
  if (!composeAtStart && (knownRegion || explicitPath) && !existsSync(path)) {
    errors.push(`SUPERGRAPH_PATH: no supergraph file at ${path} (run \`pnpm compose\`, or set COMPOSE_AT_START=1 in development)`);
  }
  const signingSecret = env.SUBGRAPH_SIGNING_SECRET?.trim() || undefined;
  errors.push(...secretProblems('SUBGRAPH_SIGNING_SECRET', signingSecret));
  const circuitBreaker = {
    failureThreshold: getInt(env, 'CIRCUIT_BREAKER_FAILURES', 5, 0, 1000, errors),
    coolDownMs: getInt(env, 'CIRCUIT_BREAKER_COOLDOWN_MS', 10_000, 100, 3_600_000, errors),
  };
  const d = DEFAULT_QUERY_LIMITS;
  const limits: QueryLimits = {
    maxDepth: getInt(env, 'MAX_QUERY_DEPTH', d.maxDepth, 1, 100, errors),
    maxAliases: getInt(env, 'MAX_QUERY_ALIASES', d.maxAliases, 0, 10_000, errors),
    maxListSize: getInt(env, 'MAX_LIST_SIZE', d.maxListSize, 1, 1_000_000, errors),
    maxCost: getInt(env, 'MAX_QUERY_COST', d.maxCost, 1, 1_000_000_000, errors),
    maxOperationBytes: getInt(env, 'MAX_OPERATION_BYTES', d.maxOperationBytes, 256, 1_000_000, errors),
  };
  const rateLimit = {
    perSecond: getInt(env, 'RATE_LIMIT_PER_SECOND', 20, 0, 1_000_000, errors),
    burst: getInt(env, 'RATE_LIMIT_BURST', 100, 1, 1_000_000, errors),
  };
  const trustProxy = getInt(env, 'TRUST_PROXY', 0, 0, 10, errors);
  const performance = {
    responseCacheMaxAgeS: getInt(env, 'RESPONSE_CACHE_MAX_AGE_S', 300, 0, 86_400, errors),
    responseCacheMaxMiB: getInt(env, 'RESPONSE_CACHE_MAX_MB', 64, 1, 65_536, errors),
    cacheControlMaxAgeS: getInt(env, 'CACHE_CONTROL_MAX_AGE_S', 60, 0, 86_400, errors),
    dedupeSubgraphFetches: env.DEDUPE_SUBGRAPH_FETCHES?.trim() ? getBool(env, 'DEDUPE_SUBGRAPH_FETCHES', errors) : true,
  };
  if (errors.length > 0) return { errors };
  return {
    config: { port, host, region, supergraphPath: path, subgraphTimeoutMs, composeAtStart, signingSecret, circuitBreaker, limits, rateLimit, trustProxy, performance },
  };
}
