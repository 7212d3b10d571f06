import { ApolloServer, type ApolloServerPlugin, type BaseContext, HeaderMap } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginUsageReportingDisabled,
  ApolloServerPluginSchemaReportingDisabled,
} from '@apollo/server/plugin/disabled';
import express, { type Express, type RequestHandler } from 'express';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { abortWhenClientLeaves } from './cancel.js';
import { createErrorMasker, DATA_SOURCE_UNAVAILABLE, isDataSourceUnavailable } from './errors.js';
import { listen, type Listening } from './http.js';
import { jsonErrorHandler } from './json-errors.js';
import { type Logger, requestLog, serviceLogger } from './log.js';
import { createServiceMetrics, type Registry } from './metrics.js';
import { metricsEnabled } from './observability.js';
import { requestIdMiddleware } from './request-context.js';
import { requireSignature } from './require-signature.js';
import { traceRequests } from './tracing.js';

export interface GraphQLEndpoint {
  handler: RequestHandler[];
  stop(): Promise<void>;
}

/** Apollo Server with masked errors and nothing reported to Apollo, as express handlers. */
export async function graphqlEndpoint<TContext extends BaseContext>(
  schema: GraphQLSchema,
  context: (req: express.Request) => Promise<TContext>,
  plugins: ApolloServerPlugin<TContext>[] = [],
  log: Logger = serviceLogger('subgraph'),
): Promise<GraphQLEndpoint> {
  const apollo = new ApolloServer<TContext>({
    schema,
    logger: log,
    formatError: createErrorMasker(),
    includeStacktraceInErrorResponses: false,
    // main.ts owns SIGINT/SIGTERM; twelve members in one demo process must not each add handlers.
    stopOnTerminationSignals: false,
    plugins: [
      // Traces are for Apollo's cloud; nothing leaves a member's network unasked.
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      // No subgraph sets cache hints (the gateway caches whole responses itself), and the plugin
      // hooks every field it resolves: a breakdown of thousands of figures paid for it field by field.
      ApolloServerPluginCacheControlDisabled(),
      ...plugins,
    ],
  });
  await apollo.start();
  // A database that is down while the context is built (e.g. checking a token) is the server's
  // trouble, not the caller's: 503 with Retry-After, as the other routes answer, rather than a 500.
  const guardedContext = async ({ req }: { req: express.Request }) => {
    try {
      return await context(req);
    } catch (err) {
      if (!isDataSourceUnavailable(err)) throw err;
      log.error({ err }, 'database unavailable');
      throw new GraphQLError('data source unavailable: the database of this subgraph cannot be reached; try again shortly', {
        extensions: { code: DATA_SOURCE_UNAVAILABLE, http: { status: 503, headers: new HeaderMap([['retry-after', '5']]) } },
      });
    }
  };
  return {
    handler: [express.json({ limit: '1mb' }), abortWhenClientLeaves, expressMiddleware(apollo, { context: guardedContext })],
    stop: () => apollo.stop(),
  };
}

export interface ServeOptions<TContext extends BaseContext> {
  /** The subgraph's name (`registry`, `country_mda`, `provider_unhcr`): in its logs, metrics and spans. */
  name: string;
  schema: GraphQLSchema;
  /** Builds the per-request context (DataLoaders live here, one set per request). */
  context: (req: express.Request) => Promise<TContext>;
  port: number;
  host?: string;
  /** Extra routes (uploads, admin) mounted before /graphql; `metrics` takes the role's own metrics. */
  routes?: (app: Express, observe: { metrics: Registry; log: Logger }) => void | Promise<void>;
  plugins?: ApolloServerPlugin<TContext>[];
  /** Called on stop, after the HTTP server closed (e.g. extra endpoints' servers). */
  onStop?: () => Promise<void>;
  /**
   * Refuse `/graphql` requests that the gateway did not sign for this subgraph with its key (HTTP 401).
   * `/health` stays open; the role's own routes (e.g. `/admin`, with its tokens) are not affected.
   */
  signing?: SubgraphSigning & { subgraph: string };
  /** What `GET /ready` checks besides "not shutting down", e.g. that the database answers. */
  ready?: () => Promise<void>;
  /** How long stop() lets running requests (an upload, an import) finish before cutting them. */
  shutdownGraceMs?: number;
}

/** A subgraph's own signing key (derived from the gateway's master secret, see signing.ts). */
export interface SubgraphSigning {
  key: string;
  maxSkewMs?: number;
}

/**
 * Starts one subgraph over HTTP: `/graphql`, `GET /health` (the process answers: liveness),
 * `GET /ready` (it should get traffic: not shutting down, and `ready()` passes) and whatever extra
 * routes the role needs.
 */
export async function serveSubgraph<TContext extends BaseContext>(options: ServeOptions<TContext>): Promise<Listening> {
  const log = serviceLogger(options.name);
  const endpoint = await graphqlEndpoint(options.schema, options.context, options.plugins, log);
  const metrics = createServiceMetrics(options.name);
  const app = express();
  app.disable('x-powered-by');
  // Before everything: every request gets its id, its span, its count and its log line.
  app.use(requestIdMiddleware, traceRequests(options.name), metrics.middleware, requestLog(log));
  // Beside /health on the same port, without authentication: counts and timings, nothing of the data.
  if (metricsEnabled()) app.get('/metrics', metrics.handler);
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  let listening: Listening | undefined;
  app.get('/ready', async (_req, res) => {
    res.set('cache-control', 'no-store');
    if (!listening || listening.draining) {
      res.status(503).json({ status: 'stopping' });
      return;
    }
    try {
      await options.ready?.();
      res.json({ status: 'ready' });
    } catch (err) {
      log.error({ err }, 'not ready: the database does not answer');
      res.status(503).json({ status: 'unavailable', reason: 'its database does not answer' });
    }
  });
  await options.routes?.(app, { metrics: metrics.registry, log });
  if (options.signing) {
    const { key, subgraph, maxSkewMs } = options.signing;
    app.use('/graphql', ...requireSignature({ key, audience: subgraph, ...(maxSkewMs ? { maxSkewMs } : {}) }));
  }
  app.use('/graphql', ...endpoint.handler);
  app.use(jsonErrorHandler(options.name, log));
  const started = await listen(app, options.port, options.host, {
    ...(options.shutdownGraceMs !== undefined ? { graceMs: options.shutdownGraceMs } : {}),
  });
  listening = started;
  return {
    url: started.url,
    port: started.port,
    server: started.server,
    get draining() {
      return started.draining;
    },
    stop: async (graceMs?: number) => {
      await started.stop(graceMs);
      await endpoint.stop();
      await options.onStop?.();
    },
  };
}
