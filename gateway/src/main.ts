// The gateway process: reads the environment (only here), starts serving, stops on SIGTERM/SIGINT.
import { readFileSync } from 'node:fs';
import { loadRegion, regionSubgraphs } from '@migfed/schema';
import { composeFromSubgraphs } from './compose.js';
import { parseConfig, type GatewayConfig } from './config.js';
import { startGateway } from './server.js';

async function loadSupergraph(config: GatewayConfig): Promise<string> {
  if (!config.composeAtStart) return readFileSync(config.supergraphPath, 'utf8');
  // regionSubgraphs gives each subgraph's URL from the region file and its contract SDL
  // (registrySdl for the registry, countrySdl for each member).
  const subgraphs = regionSubgraphs(loadRegion(config.region));
  const contracts = new Map(subgraphs.map((s) => [s.name, s.typeDefs]));
  return composeFromSubgraphs(
    subgraphs.map(({ name, url }) => ({ name, url })),
    { contract: (name) => contracts.get(name) },
  );
}

async function main(): Promise<void> {
  const parsed = parseConfig(process.env);
  if (parsed.errors) {
    console.error(`gateway: invalid configuration:\n- ${parsed.errors.join('\n- ')}`);
    process.exit(1);
  }
  const { config } = parsed;
  const supergraphSdl = await loadSupergraph(config);
  const gateway = await startGateway({
    supergraphSdl,
    port: config.port,
    host: config.host,
    subgraphTimeoutMs: config.subgraphTimeoutMs,
  });
  const source = config.composeAtStart ? 'composed from the running subgraphs' : config.supergraphPath;
  console.info(`gateway: region ${config.region} (${source}) at ${gateway.graphqlUrl}, explorer at ${gateway.url}/explorer/`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.info(`gateway: ${signal}, stopping`);
    gateway.stop().then(
      () => process.exit(0),
      (err: unknown) => (console.error('gateway: error while stopping', err), process.exit(1)),
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  console.error(`gateway: cannot start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
