import { EnvReader, readServiceConfig, type ServiceConfig } from '@migfed/subgraph-kit';

export interface RegistryConfig extends ServiceConfig {
  region: string;
  /** A region file outside schema/regions/ (overrides `region`). */
  regionFile: string | undefined;
}

/** Parses the environment once; throws one error listing every problem. */
export function readConfig(env: Record<string, string | undefined>): RegistryConfig {
  const r = new EnvReader(env);
  const config = {
    region: r.str('REGION', 'dsm') as string,
    regionFile: r.str('REGION_FILE'),
    ...readServiceConfig(r, { port: 4001, dataDir: '.data/registry' }),
  };
  r.done('registry subgraph');
  return Object.freeze(config);
}
