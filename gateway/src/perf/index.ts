// The gateway's performance work (deduplication, plan warming, cache dependencies), in one place for gateway.ts to wire in.
import type { GatewayConfig } from '@apollo/gateway';
import type { Fetcher } from '../fetcher.js';
import { createDedupingFetcher } from './dedupe-fetcher.js';
import { productOperations, warmPlans } from './warm-plans.js';

export { createDedupingFetcher } from './dedupe-fetcher.js';
export { productOperations, warmPlans } from './warm-plans.js';

export interface GatewayPerfOptions {
  /** Share identical subgraph fetches that are in flight at the same time (default true). */
  dedupeSubgraphFetches?: boolean;
  /** Plan the /reports and explorer operations when the gateway loads (default true). */
  warmPlans?: boolean;
  /** Told each request's query plan (the response cache learns what an answer depends on). */
  didResolveQueryPlan?: GatewayConfig['experimental_didResolveQueryPlan'];
  /** Where the warm-up result is reported. */
  log?: Pick<Console, 'info' | 'warn'>;
}

export function perfFetcher(fetcher: Fetcher, perf: GatewayPerfOptions = {}): Fetcher {
  return perf.dedupeSubgraphFetches === false ? fetcher : createDedupingFetcher(fetcher).fetcher;
}

export function perfGatewayConfig(perf: GatewayPerfOptions = {}): Partial<GatewayConfig> {
  return perf.didResolveQueryPlan ? { experimental_didResolveQueryPlan: perf.didResolveQueryPlan } : {};
}

/** After ApolloGateway.load: the product's operations planned into the gateway's plan cache. */
export async function afterLoad(gateway: object, supergraphSdl: string, perf: GatewayPerfOptions = {}): Promise<void> {
  if (perf.warmPlans === false) return;
  const result = await warmPlans(gateway, productOperations(supergraphSdl));
  perf.log?.info(`gateway: ${result.planned} report and explorer operations planned at start (${Math.round(result.ms)} ms)`);
  for (const why of result.skipped) perf.log?.warn(`gateway: not planned at start: ${why}`);
}
