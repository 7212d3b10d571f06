import { subgraphName } from '@migfed/schema';
import { applyObservability, openConfiguredDb, runService, signingFrom } from '@migfed/subgraph-kit';
import { readConfig } from './config.js';
import { migrate } from './db/migrate.js';
import { createServer } from './server.js';

runService(async () => {
  const config = readConfig(process.env);
  const log = applyObservability(config, subgraphName.provider(config.provider));
  const handle = await openConfiguredDb(config);
  await migrate(handle);
  const server = await createServer({
    provider: config.provider,
    db: handle.db,
    port: config.port,
    host: config.host,
    ...signingFrom(config),
  });
  log.info(`${subgraphName.provider(config.provider)} subgraph (${handle.driver}) at ${server.url}`);
  return { stop: () => server.stop(config.shutdownGraceMs), close: handle.close };
});
