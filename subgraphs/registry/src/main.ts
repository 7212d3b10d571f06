import { loadRegion, loadRegionFile } from '@migfed/schema';
import { applyObservability, openConfiguredDb, runService, signingFrom } from '@migfed/subgraph-kit';
import { readConfig } from './config.js';
import { migrate } from './db/migrate.js';
import { createServer } from './server.js';

runService(async () => {
  const config = readConfig(process.env);
  const log = applyObservability(config, 'registry');
  const region = config.regionFile ? loadRegionFile(config.regionFile) : loadRegion(config.region);
  const handle = await openConfiguredDb(config);
  await migrate(handle);
  const server = await createServer({ region, db: handle.db, port: config.port, host: config.host, ...signingFrom(config) });
  log.info(`registry subgraph for ${region.id} (${handle.driver}) at ${server.url}`);
  return { stop: () => server.stop(config.shutdownGraceMs), close: handle.close };
});
