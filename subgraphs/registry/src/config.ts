import { EnvReader, secretProblems } from '@migfed/subgraph-kit';

export interface RegistryConfig {
  region: string;
  /** A region file outside schema/regions/ (overrides `region`). */
  regionFile: string | undefined;
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  /** Shared with the gateway: when set, unsigned `/graphql` requests are refused (401). */
  signingSecret: string | undefined;
  /** Allowed distance between a signature's timestamp and this server's clock. */
  signatureMaxSkewMs: number;
}

/** Parses the environment once; throws one error listing every problem. */
export function readConfig(env: Record<string, string | undefined>): RegistryConfig {
  const r = new EnvReader(env);
  const config = {
    region: r.str('REGION', 'dsm') as string,
    regionFile: r.str('REGION_FILE'),
    port: r.int('PORT', 4001, 0, 65_535),
    host: r.str('HOST', '0.0.0.0') as string,
    databaseUrl: r.str('DATABASE_URL'),
    dataDir: r.str('DATA_DIR', '.data/registry') as string,
    signingSecret: r.str('SUBGRAPH_SIGNING_SECRET'),
    signatureMaxSkewMs: r.int('SIGNATURE_MAX_SKEW_S', 60, 1, 3600) * 1000,
  };
  r.problems.push(...secretProblems('SUBGRAPH_SIGNING_SECRET', config.signingSecret));
  r.done('registry subgraph');
  return Object.freeze(config);
}
