import { existsSync } from 'node:fs';
import { listRegions, supergraphPath } from '@migfed/schema';

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
  if (errors.length > 0) return { errors };
  return { config: { port, host, region, supergraphPath: path, subgraphTimeoutMs, composeAtStart } };
}
