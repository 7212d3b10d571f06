import { readFileSync } from 'node:fs';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { Catalog } from '@migfed/schema';
import { type DbHandle, graphqlEndpoint, type Logger, serviceLogger } from '@migfed/subgraph-kit';
import express, { type Express } from 'express';
import { GraphQLError } from 'graphql';
import { actorOf, authenticate } from './auth.js';
import { importHandler } from './imports.js';
import type { ImportMetrics } from './metrics.js';
import { recordRoutes } from './records.js';
import { type AdminContext, adminResolvers, type OnPublished } from './resolvers.js';
import { tokenRoutes } from './tokens.js';

const typeDefs = readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8');

export interface AdminOptions {
  handle: DbHandle;
  country: string;
  catalog: Catalog;
  /** Lets loopback callers manage tokens without one (the embedded demo; never in production). */
  localAdmin?: boolean;
  /** Called after each publication is committed (cache invalidation downstream). */
  onPublished?: OnPublished;
  /** The member's secret for pseudonyms of document numbers in records files (RECORDS_KEY). */
  recordsKey?: string;
  /** Imports and rows written, on the subgraph's /metrics. */
  metrics?: ImportMetrics;
  log?: Logger;
}

/**
 * The focal point's routes under /admin: file uploads, its own GraphQL (drafts, publish, edits)
 * and, for a local operator, token management. Every write needs this member's token.
 */
export async function mountAdmin(app: Express, options: AdminOptions): Promise<() => Promise<void>> {
  const { handle, country, catalog } = options;
  const observe = { log: options.log ?? serviceLogger(`country_${country.toLowerCase()}`), metrics: options.metrics };
  const schema = makeExecutableSchema({ typeDefs, resolvers: adminResolvers as never });
  const endpoint = await graphqlEndpoint<AdminContext>(
    schema,
    async (req) => {
      const auth = await authenticate(handle, country, req);
      if (!auth.ok) throw new GraphQLError(auth.message, { extensions: { code: auth.code, http: { status: auth.status } } });
      return {
        handle,
        db: handle.db,
        country,
        catalog,
        actor: actorOf(auth),
        ...(options.onPublished ? { onPublished: options.onPublished } : {}),
      };
    },
    [],
    observe.log,
  );
  const router = express.Router();
  router.post('/imports', importHandler(handle, country, catalog, observe));
  router.use('/records', recordRoutes(handle, country, catalog, options.recordsKey, observe));
  router.use('/tokens', tokenRoutes(handle, country, options.localAdmin === true));
  router.use('/graphql', ...endpoint.handler);
  app.use('/admin', router);
  return endpoint.stop;
}
