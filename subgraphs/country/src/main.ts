import { createDb, openPglite, signRequest } from '@migfed/subgraph-kit';
import type { OnPublished } from './admin/resolvers.js';
import { readConfig } from './config.js';
import { migrate } from './db/migrate.js';
import { createServer } from './server.js';

/** Tells the gateway a release was published (its response cache drops this member's answers). */
function notifyGateway(url: string, secret: string): OnPublished {
  return async ({ country, release, visibleFrom }) => {
    const body = JSON.stringify({ country, release, visibleFrom: visibleFrom.toISOString() });
    const target = new URL(url);
    const signature = signRequest(secret, { method: 'POST', path: `${target.pathname}${target.search}`, body });
    const res = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json', ...signature }, body, signal: AbortSignal.timeout(5_000) });
    if (!res.ok) throw new Error(`gateway answered ${res.status} to the publication notice: ${await res.text()}`);
  };
}

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
    admin: {
      handle,
      localAdmin: config.localAdmin,
      ...(config.gatewayInvalidateUrl && config.signingSecret ? { onPublished: notifyGateway(config.gatewayInvalidateUrl, config.signingSecret) } : {}),
    },
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
