import { loadRegion, loadRegionFile } from '@migfed/schema';
import { createDb, openPglite } from '@migfed/subgraph-kit';
import { readConfig } from './config.js';
import { migrate } from './db/migrate.js';
import { createServer } from './server.js';

async function main() {
  const config = readConfig(process.env);
  const region = config.regionFile ? loadRegionFile(config.regionFile) : loadRegion(config.region);
  const handle = config.databaseUrl
    ? createDb({ url: config.databaseUrl })
    : createDb({ pglite: await openPglite(config.dataDir) });
  await migrate(handle);
  const signing = config.signingSecret ? { signing: { secret: config.signingSecret, maxSkewMs: config.signatureMaxSkewMs } } : {};
  const server = await createServer({ region, db: handle.db, port: config.port, host: config.host, ...signing });
  console.log(`registry subgraph for ${region.id} (${handle.driver}) at ${server.url}`);
  const shutdown = async () => {
    await server.stop();
    await handle.close();
    process.exit(0);
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((err: unknown) => {
  console.error((err as Error).message);
  process.exit(1);
});
