import { providerIds } from '@migfed/schema';
import { EnvReader, secretProblems } from '@migfed/subgraph-kit';

export interface ProviderConfig {
  provider: string;
  port: number;
  host: string;
  /** postgres:// URL; unset means an embedded PGlite under `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Shared with the gateway: when set, unsigned `/graphql` requests are refused (401). */
  signingSecret: string | undefined;
  /** Allowed distance between a signature's timestamp and this server's clock. */
  signatureMaxSkewMs: number;
}

/** Parses the environment once; throws one error listing every problem. */
export function readConfig(env: Record<string, string | undefined>): ProviderConfig {
  const r = new EnvReader(env);
  const provider = r.required('PROVIDER', `the provider this deployment serves: ${providerIds.join(' or ')}`).toLowerCase();
  if (provider && !providerIds.includes(provider)) r.problems.push(`PROVIDER must be one of ${providerIds.join(', ')}, got "${provider}"`);
  const config = {
    provider,
    port: r.int('PORT', 4201, 0, 65_535),
    host: r.str('HOST', '0.0.0.0') as string,
    databaseUrl: r.str('DATABASE_URL'),
    dataDir: r.str('DATA_DIR', `.data/provider-${provider}`) as string,
    signingSecret: r.str('SUBGRAPH_SIGNING_SECRET'),
    signatureMaxSkewMs: r.int('SIGNATURE_MAX_SKEW_S', 60, 1, 3600) * 1000,
  };
  r.problems.push(...secretProblems('SUBGRAPH_SIGNING_SECRET', config.signingSecret));
  r.done('provider subgraph');
  return Object.freeze(config);
}
