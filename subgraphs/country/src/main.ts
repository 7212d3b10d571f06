import { openConfiguredDb, runService, signingFrom, signRequest } from '@migfed/subgraph-kit';
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
    const res = await fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signature },
      body,
      signal: AbortSignal.timeout(5_000),
    });
    if (!res.ok) throw new Error(`gateway answered ${res.status} to the publication notice: ${await res.text()}`);
  };
}

runService(async () => {
  const config = readConfig(process.env);
  const handle = await openConfiguredDb(config);
  await migrate(handle);
  const server = await createServer({
    country: config.country,
    db: handle.db,
    port: config.port,
    host: config.host,
    admin: {
      handle,
      localAdmin: config.localAdmin,
      ...(config.recordsKey ? { recordsKey: config.recordsKey } : {}),
      ...(config.gatewayInvalidateUrl && config.signingSecret
        ? { onPublished: notifyGateway(config.gatewayInvalidateUrl, config.signingSecret) }
        : {}),
    },
    ...signingFrom(config),
  });
  const signed = config.signingSecret ? ', reads only from the gateway (signed)' : '';
  console.log(`country_${config.country.toLowerCase()} subgraph (${handle.driver}) at ${server.url}${signed}`);
  return { stop: server.stop, close: handle.close };
});
