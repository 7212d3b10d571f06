import { ApolloGateway, type GatewayConfig } from '@apollo/gateway';
import { SubgraphDataSource } from './datasource.js';
import { createSubgraphAgents, createTimeoutFetcher, type SubgraphAgents } from './fetcher.js';

export interface CreateGatewayOptions {
  /** A composed supergraph (production: the committed file; dev: composeFromSubgraphs). */
  supergraphSdl: string;
  /** Upper bound for one subgraph fetch; a slow member then costs only its own fields. */
  subgraphTimeoutMs: number;
  logger?: GatewayConfig['logger'];
}

/**
 * Since 2.14 @apollo/gateway sends usage telemetry to Apollo unless APOLLO_TELEMETRY_DISABLED is
 * `1` or `true` when an ApolloGateway is constructed (read in its constructor, dist/index.js).
 * No figure may leave a member's network unasked, so this is not left to the caller's env.
 */
function disableApolloTelemetry(): void {
  process.env.APOLLO_TELEMETRY_DISABLED = '1';
}

/** ApolloGateway that also closes its subgraph connections when Apollo Server stops it. */
class MigfedGateway extends ApolloGateway {
  readonly #agents: SubgraphAgents;

  constructor(config: GatewayConfig, agents: SubgraphAgents) {
    super(config);
    this.#agents = agents;
  }

  override async stop(): Promise<void> {
    try {
      await super.stop();
    } finally {
      this.#agents.destroy();
    }
  }
}

/** A gateway serving a static supergraph, with a timeout and error annotation on every subgraph fetch. */
export function createGateway({ supergraphSdl, subgraphTimeoutMs, logger }: CreateGatewayOptions): ApolloGateway {
  if (!Number.isInteger(subgraphTimeoutMs) || subgraphTimeoutMs <= 0) {
    throw new Error(`subgraphTimeoutMs must be a positive integer, got ${subgraphTimeoutMs}`);
  }
  disableApolloTelemetry();
  const agents = createSubgraphAgents();
  const fetcher = createTimeoutFetcher(agents, subgraphTimeoutMs);
  return new MigfedGateway(
    {
      supergraphSdl,
      ...(logger ? { logger } : {}),
      buildService: ({ name, url }) => {
        if (!url) throw new Error(`Subgraph ${name} has no URL in the supergraph`);
        return new SubgraphDataSource({ name, url, timeoutMs: subgraphTimeoutMs, fetcher });
      },
    },
    agents,
  );
}
