import { RECORDS_KEY_MIN } from './records/pseudonym.js';
import { EnvReader, readServiceConfig, type ServiceConfig } from '@migfed/subgraph-kit';
import { DEFAULT_ROW_LIMIT } from './row-budget.js';

export interface CountryConfig extends ServiceConfig {
  country: string;
  /** Loopback callers may manage tokens without one (demo only). */
  localAdmin: boolean;
  /**
   * The gateway's POST /internal/invalidate: told after every publication so its response cache
   * drops this member's figures at once. Signed with signingKey, which it requires.
   */
  gatewayInvalidateUrl: string | undefined;
  /** Observation rows one `/graphql` request may read; more is refused with ROW_LIMIT. */
  rowLimit: number;
  /**
   * PostgreSQL's statement_timeout for public reads (0: none). Below the gateway's
   * SUBGRAPH_TIMEOUT_MS, so the member says STATEMENT_TIMEOUT before the gateway gives up on it.
   */
  statementTimeoutMs: number;
  /** Secret for the pseudonyms of document numbers in records files (HMAC key, from a secret store). */
  recordsKey: string | undefined;
}

/** Parses the environment once; throws one error listing every problem. */
export function readConfig(env: Record<string, string | undefined>): CountryConfig {
  const r = new EnvReader(env);
  const country = r.required('COUNTRY', 'ISO 3166-1 alpha-3 code of the member, e.g. MDA').toUpperCase();
  if (country && !/^[A-Z]{3}$/.test(country)) r.problems.push(`COUNTRY must be an ISO3 code such as MDA, got "${country}"`);
  const config = {
    country,
    ...readServiceConfig(r, { port: 4101, dataDir: `.data/country-${country.toLowerCase()}` }),
    localAdmin: r.bool('LOCAL_ADMIN', false),
    gatewayInvalidateUrl: r.str('GATEWAY_INVALIDATE_URL'),
    rowLimit: r.int('MAX_ROWS_PER_REQUEST', DEFAULT_ROW_LIMIT, 1, 10_000_000),
    statementTimeoutMs: r.int('STATEMENT_TIMEOUT_MS', 4000, 0, 3_600_000),
    recordsKey: r.str('RECORDS_KEY'),
  };
  if (config.recordsKey !== undefined && config.recordsKey.length < RECORDS_KEY_MIN)
    r.problems.push(`RECORDS_KEY must have at least ${RECORDS_KEY_MIN} characters (a random secret; its value is not shown here)`);
  if (config.gatewayInvalidateUrl && !config.signingKey)
    r.problems.push('GATEWAY_INVALIDATE_URL needs SUBGRAPH_SIGNING_KEY (the notice is signed with it)');
  if (config.gatewayInvalidateUrl && !URL.canParse(config.gatewayInvalidateUrl))
    r.problems.push(`GATEWAY_INVALIDATE_URL must be a URL, got "${config.gatewayInvalidateUrl}"`);
  r.done('country subgraph');
  return Object.freeze(config);
}
