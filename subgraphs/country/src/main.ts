import { createDb, openPglite } from '@migfed/subgraph-kit';
import { readConfig } from './config.js';
import { migrate } from './db/migrate.js';
import { createServer } from './server.js';

async function main() {
  const config = readConfig(process.env);
  const handle = config.databaseUrl
    ? createDb({ url: config.databaseUrl })
    : createDb({ pglite: await openPglite(config.dataDir) });
  await migrate(handle);
  const server = await createServer({
    country: config.country,
    db: handle.db,
    port: config.port,
    host: config.host,
    admin: { handle, localAdmin: config.localAdmin },
    ...(config.signingSecret ? { signing: { secret: config.signingSecret, maxSkewMs: config.signatureMaxSkewMs } } : {}),
  });
  const signed = config.signingSecret ? ', reads only from the gateway (signed)' : '';
  console.log(`country_${config.country.toLowerCase()} subgraph (${handle.driver}) at ${server.url}${signed}`);
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
