// The gateway process: reads the environment (only here), starts serving, stops on SIGTERM/SIGINT.
import { readFileSync } from 'node:fs';
import { loadRegion, regionSubgraphs } from '@migfed/schema';
import { composeFromSubgraphs } from './compose.js';
import { parseConfig, type GatewayConfig } from './config.js';
import { startGateway } from './server.js';
import { applyObservability, flushTraces, serviceLogger } from '@migfed/subgraph-kit/observability';

async function loadSupergraph(config: GatewayConfig): Promise<string> {
  if (!config.composeAtStart) return readFileSync(config.supergraphPath, 'utf8');
  // regionSubgraphs gives each subgraph's URL from the region file and its contract SDL
  // (registrySdl for the registry, countrySdl for each member).
  const subgraphs = regionSubgraphs(loadRegion(config.region));
  const contracts = new Map(subgraphs.map((s) => [s.name, s.typeDefs]));
  return composeFromSubgraphs(
    subgraphs.map(({ name, url }) => ({ name, url })),
    { contract: (name) => contracts.get(name), ...(config.signingSecret ? { signingSecret: config.signingSecret } : {}) },
  );
}

async function main(): Promise<void> {
  const parsed = parseConfig(process.env);
  if (parsed.errors) {
    serviceLogger('gateway').fatal(`invalid configuration:\n- ${parsed.errors.join('\n- ')}`);
    process.exit(1);
  }
  const { config } = parsed;
  const log = applyObservability(config.observability, 'gateway');
  const supergraphSdl = await loadSupergraph(config);
  const perf = config.performance;
  // Cached answers are safe only when members can say they published: their notifications are
  // signed with the shared secret, so without one the cache stays off.
  const cacheOn = perf.responseCacheMaxAgeS > 0 && config.signingSecret !== undefined;
  const gateway = await startGateway({
    supergraphSdl,
    port: config.port,
    host: config.host,
    subgraphTimeoutMs: config.subgraphTimeoutMs,
    circuitBreaker: config.circuitBreaker,
    limits: config.limits,
    rateLimit: config.rateLimit,
    trustProxy: config.trustProxy,
    shutdownGraceMs: config.shutdownGraceMs,
    ...(config.signingSecret ? { signingSecret: config.signingSecret } : {}),
    responseCache: cacheOn
      ? { maxAgeS: perf.responseCacheMaxAgeS, maxMiB: perf.responseCacheMaxMiB, clientMaxAgeS: perf.cacheControlMaxAgeS }
      : false,
    perf: { dedupeSubgraphFetches: perf.dedupeSubgraphFetches },
  });
  const source = config.composeAtStart ? 'composed from the running subgraphs' : config.supergraphPath;
  log.info(`gateway: region ${config.region} (${source}) at ${gateway.graphqlUrl}, explorer at ${gateway.url}/explorer/`);
  if (!config.signingSecret) log.warn('gateway: SUBGRAPH_SIGNING_SECRET is unset: subgraph requests are not signed');
  if (cacheOn)
    log.info(`response cache on (entries up to ${perf.responseCacheMaxAgeS} s; members notify ${gateway.url}/internal/invalidate)`);
  else if (perf.responseCacheMaxAgeS > 0)
    log.warn(
      'gateway: response cache off: it needs SUBGRAPH_SIGNING_SECRET, from which the keys members sign their publication notices with are derived',
    );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`gateway: ${signal}, stopping`);
    gateway.stop().then(
      () => flushTraces().finally(() => process.exit(0)),
      (err: unknown) => {
        log.error({ err }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  serviceLogger('gateway').fatal(`cannot start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
