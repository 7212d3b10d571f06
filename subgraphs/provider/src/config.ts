import { providerIds } from '@migfed/schema';
import { EnvReader, readServiceConfig, type ServiceConfig } from '@migfed/subgraph-kit';

export interface ProviderConfig extends ServiceConfig {
  provider: string;
}

/** Parses the environment once; throws one error listing every problem. */
export function readConfig(env: Record<string, string | undefined>): ProviderConfig {
  const r = new EnvReader(env);
  const provider = r.required('PROVIDER', `the provider this deployment serves: ${providerIds.join(' or ')}`).toLowerCase();
  if (provider && !providerIds.includes(provider)) r.problems.push(`PROVIDER must be one of ${providerIds.join(', ')}, got "${provider}"`);
  const config = { provider, ...readServiceConfig(r, { port: 4201, dataDir: `.data/provider-${provider}` }) };
  r.done('provider subgraph');
  return Object.freeze(config);
}
