import { EnvReader } from '@migfed/subgraph-kit';

export interface RegistryConfig {
  region: string;
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
}

/** Parses the environment once; throws one error listing every problem. */
export function readConfig(env: Record<string, string | undefined>): RegistryConfig {
  const r = new EnvReader(env);
  const config = {
    region: r.str('REGION', 'dsm') as string,
    port: r.int('PORT', 4001, 0, 65_535),
    host: r.str('HOST', '0.0.0.0') as string,
    databaseUrl: r.str('DATABASE_URL'),
    dataDir: r.str('DATA_DIR', '.data/registry') as string,
  };
  r.done('registry subgraph');
  return Object.freeze(config);
}
