import {
  applyObservability,
  createDb,
  GATEWAY_AUDIENCE,
  openConfiguredDb,
  runService,
  SIGNER_HEADER,
  signingFrom,
  signRequest,
} from '@migfed/subgraph-kit';
import type { OnPublished } from './admin/resolvers.js';
import { readConfig } from './config.js';
import { migrate } from './db/migrate.js';
import { createServer } from './server.js';

/**
 * Tells the gateway a release was published (its response cache drops this member's answers),
 * signed with this member's own key and naming this subgraph, so the gateway knows whose key to check.
 */
function notifyGateway(url: string, key: string, subgraph: string): OnPublished {
  return async ({ country, release, visibleFrom }) => {
    const body = JSON.stringify({ country, release, visibleFrom: visibleFrom.toISOString() });
    const target = new URL(url);
    const signature = signRequest(key, GATEWAY_AUDIENCE, { method: 'POST', path: `${target.pathname}${target.search}`, body });
    const res = await fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SIGNER_HEADER]: subgraph, ...signature },
      body,
      signal: AbortSignal.timeout(5_000),
    });
    if (!res.ok) throw new Error(`gateway answered ${res.status} to the publication notice: ${await res.text()}`);
  };
}

runService(async () => {
  const config = readConfig(process.env);
  const log = applyObservability(config, `country_${config.country.toLowerCase()}`);
  const handle = await openConfiguredDb(config);
  await migrate(handle);
  // Public reads get their own pool with a statement timeout; imports and edits on /admin must not be cut by it.
  const reads =
    config.databaseUrl && config.statementTimeoutMs > 0
      ? createDb({ url: config.databaseUrl, statementTimeoutMs: config.statementTimeoutMs })
      : handle;
  const server = await createServer({
    country: config.country,
    db: reads.db,
    rowLimit: config.rowLimit,
    port: config.port,
    host: config.host,
    admin: {
      handle,
      localAdmin: config.localAdmin,
      ...(config.recordsKey ? { recordsKey: config.recordsKey } : {}),
      ...(config.gatewayInvalidateUrl && config.signingKey
        ? { onPublished: notifyGateway(config.gatewayInvalidateUrl, config.signingKey, `country_${config.country.toLowerCase()}`) }
        : {}),
    },
    ...signingFrom(config),
  });
  const signed = config.signingKey ? ', reads only from the gateway (signed)' : '';
  log.info(`country_${config.country.toLowerCase()} subgraph (${handle.driver}) at ${server.url}${signed}`);
  return {
    stop: () => server.stop(config.shutdownGraceMs),
    close: async () => {
      if (reads !== handle) await reads.close();
      await handle.close();
    },
  };
});
