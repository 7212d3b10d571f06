import { EnvReader, secretProblems } from '@migfed/subgraph-kit';

export interface CountryConfig {
  country: string;
  port: number;
  host: string;
  /** postgres:// URL; unset means an embedded PGlite under `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Shared with the gateway: when set, unsigned `/graphql` requests are refused (401). */
  signingSecret: string | undefined;
  /** Allowed distance between a signature's timestamp and this server's clock. */
  signatureMaxSkewMs: number;
  /** Loopback callers may manage tokens without one (demo only). */
  localAdmin: boolean;
  /**
   * The gateway's POST /internal/invalidate: told after every publication so its response cache
   * drops this member's figures at once (issue 7). Signed with signingSecret, which it requires.
   */
  gatewayInvalidateUrl: string | undefined;
}

/** Parses the environment once; throws one error listing every problem. */
export function readConfig(env: Record<string, string | undefined>): CountryConfig {
  const r = new EnvReader(env);
  const country = r.required('COUNTRY', 'ISO 3166-1 alpha-3 code of the member, e.g. MDA').toUpperCase();
  if (country && !/^[A-Z]{3}$/.test(country)) r.problems.push(`COUNTRY must be an ISO3 code such as MDA, got "${country}"`);
  const config = {
    country,
    port: r.int('PORT', 4101, 0, 65_535),
    host: r.str('HOST', '0.0.0.0') as string,
    databaseUrl: r.str('DATABASE_URL'),
    dataDir: r.str('DATA_DIR', `.data/country-${country.toLowerCase()}`) as string,
    localAdmin: r.bool('LOCAL_ADMIN', false),
    signingSecret: r.str('SUBGRAPH_SIGNING_SECRET'),
    signatureMaxSkewMs: r.int('SIGNATURE_MAX_SKEW_S', 60, 1, 3600) * 1000,
    gatewayInvalidateUrl: r.str('GATEWAY_INVALIDATE_URL'),
  };
  if (config.gatewayInvalidateUrl && !config.signingSecret) r.problems.push('GATEWAY_INVALIDATE_URL needs SUBGRAPH_SIGNING_SECRET (the notice is signed with it)');
  if (config.gatewayInvalidateUrl && !URL.canParse(config.gatewayInvalidateUrl)) r.problems.push(`GATEWAY_INVALIDATE_URL must be a URL, got "${config.gatewayInvalidateUrl}"`);
  r.problems.push(...secretProblems('SUBGRAPH_SIGNING_SECRET', config.signingSecret));
  r.done('country subgraph');
  return Object.freeze(config);
}
