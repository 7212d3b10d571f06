import { ApolloGateway, type GatewayConfig, type GraphQLDataSource } from '@apollo/gateway';
import type { CircuitBreakerOptions } from './circuit-breaker.js';
import { SubgraphDataSource } from './datasource.js';
import { createContextFetcher, createSigningFetcher, createSubgraphAgents, createTimeoutFetcher, type SubgraphAgents } from './fetcher.js';
import type { GatewayMetrics } from './observability.js';
import { listSubgraphs } from './supergraph-info.js';
import { afterLoad, type GatewayPerfOptions, perfFetcher, perfGatewayConfig } from './perf/index.js';

export interface CreateGatewayOptions {
  /** A composed supergraph (production: the committed file; dev: composeFromSubgraphs). */
  supergraphSdl: string;
  /** Upper bound for one subgraph fetch; a slow member then costs only its own fields. */
  subgraphTimeoutMs: number;
  logger?: GatewayConfig['logger'];
  /** Skip a subgraph after this many failures in a row, for a cool-down (default: off). */
  circuitBreaker?: Omit<CircuitBreakerOptions, 'now'>;
  /** Sign every subgraph request with the key derived from this master secret for its target (subgraphs may require it). */
  signingSecret?: string;
  /** Where subgraph failures are logged with the details clients never see. */
  log?: Pick<Console, 'warn'>;
  /** Fetch deduplication, plan warming, cache dependencies (src/perf/; default on). */
  perf?: GatewayPerfOptions;
  /** Subgraph fetches and circuit states, on the gateway's /metrics. */
  metrics?: Pick<GatewayMetrics, 'fetched' | 'watchCircuits'>;
  /** Subgraphs the gateway answers itself, by name (`bilateral`): never fetched over HTTP. */
  inProcess?: ReadonlyMap<string, GraphQLDataSource>;
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
  readonly #afterLoad: (gateway: object) => Promise<void>;

  constructor(config: GatewayConfig, agents: SubgraphAgents, afterLoaded: (gateway: object) => Promise<void> = async () => {}) {
    super(config);
    this.#agents = agents;
    this.#afterLoad = afterLoaded;
  }

  // Apollo Server calls load() once before it serves: plans warmed here are ready for the first reader.
  override async load(...args: Parameters<ApolloGateway['load']>): ReturnType<ApolloGateway['load']> {
    const loaded = await super.load(...args);
    await this.#afterLoad(this);
    return loaded;
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
export function createGateway(options: CreateGatewayOptions): ApolloGateway {
  const { supergraphSdl, subgraphTimeoutMs, logger, circuitBreaker, signingSecret, log, metrics } = options;
  if (!Number.isInteger(subgraphTimeoutMs) || subgraphTimeoutMs <= 0) {
    throw new Error(`subgraphTimeoutMs must be a positive integer, got ${subgraphTimeoutMs}`);
  }
  disableApolloTelemetry();
  const agents = createSubgraphAgents();
  const timed = createTimeoutFetcher(agents, subgraphTimeoutMs);
  // Deduplication above signing: a shared fetch is signed once, with its own nonce.
  const fetcher = perfFetcher(
    createContextFetcher(signingSecret ? createSigningFetcher(timed, signingSecret, listSubgraphs(supergraphSdl)) : timed),
    options.perf,
  );
  const sources = new Map<string, SubgraphDataSource>();
  metrics?.watchCircuits(() => [...sources.values()].map((s) => [s.member, s.breaker.state]));
  return new MigfedGateway(
    {
      supergraphSdl,
      ...(logger ? { logger } : {}),
      ...perfGatewayConfig(options.perf),
      buildService: ({ name, url }) => {
        const local = options.inProcess?.get(name);
        if (local) return local;
        if (!url) throw new Error(`Subgraph ${name} has no URL in the supergraph`);
        const source = new SubgraphDataSource({
          name,
          url,
          timeoutMs: subgraphTimeoutMs,
          fetcher,
          ...(circuitBreaker ? { circuitBreaker } : {}),
          ...(log ? { log } : {}),
          ...(metrics ? { metrics } : {}),
        });
        sources.set(name, source);
        return source;
      },
    },
    agents,
    (gateway) => afterLoad(gateway, supergraphSdl, options.perf),
  );
}
