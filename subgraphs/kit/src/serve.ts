import { ApolloServer, type ApolloServerPlugin, type BaseContext, HeaderMap } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import {
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginUsageReportingDisabled,
  ApolloServerPluginSchemaReportingDisabled,
} from '@apollo/server/plugin/disabled';
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { abortWhenClientLeaves } from './cancel.js';
import { createErrorMasker, DATA_SOURCE_UNAVAILABLE, isDataSourceUnavailable } from './errors.js';
import { listen, type Listening } from './http.js';
import { requireSignature } from './require-signature.js';

export interface GraphQLEndpoint {
  handler: RequestHandler[];
  stop(): Promise<void>;
}

/** Apollo Server with masked errors and nothing reported to Apollo, as express handlers. */
export async function graphqlEndpoint<TContext extends BaseContext>(
  schema: GraphQLSchema,
  context: (req: express.Request) => Promise<TContext>,
  plugins: ApolloServerPlugin<TContext>[] = [],
): Promise<GraphQLEndpoint> {
  const apollo = new ApolloServer<TContext>({
    schema,
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
      console.error('[subgraph] database unavailable:', err);
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
  schema: GraphQLSchema;
  /** Builds the per-request context (DataLoaders live here, one set per request). */
  context: (req: express.Request) => Promise<TContext>;
  port: number;
  host?: string;
  /** Extra routes (uploads, admin) mounted before /graphql. */
  routes?: (app: Express) => void | Promise<void>;
  plugins?: ApolloServerPlugin<TContext>[];
  /** Called on stop, after the HTTP server closed (e.g. extra endpoints' servers). */
  onStop?: () => Promise<void>;
  /**
   * Refuse `/graphql` requests that the gateway did not sign with this shared secret (HTTP 401).
   * `/health` stays open; the role's own routes (e.g. `/admin`, with its tokens) are not affected.
   */
  signing?: { secret: string; maxSkewMs?: number };
}

/**
 * Last handler: a body that is not JSON, too large, or any other error before Apollo gets the
 * request is answered as a GraphQL error. Express's default handler would send an HTML page with
 * the stack trace outside production.
 */
const jsonErrors: ErrorRequestHandler = (err: { status?: number; expose?: boolean; message?: string }, _req, res, _next) => {
  if (isDataSourceUnavailable(err)) {
    // e.g. the first queries after the database restarted, on connections it had closed.
    console.error('[subgraph] database unavailable:', err);
    res
      .status(503)
      .set('retry-after', '5')
      .json({
        errors: [
          {
            message: 'data source unavailable: the database of this subgraph cannot be reached; try again shortly',
            extensions: { code: DATA_SOURCE_UNAVAILABLE },
          },
        ],
      });
    return;
  }
  const status = typeof err.status === 'number' && err.status >= 400 && err.status < 600 ? err.status : 500;
  if (status >= 500) console.error('[subgraph] request failed:', err);
  const message = status < 500 && err.expose ? (err.message ?? 'Bad request') : 'Internal server error';
  res.status(status).json({ errors: [{ message, extensions: { code: status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR' } }] });
};

/** Starts one subgraph over HTTP: `/graphql`, `GET /health`, and whatever extra routes the role needs. */
export async function serveSubgraph<TContext extends BaseContext>(options: ServeOptions<TContext>): Promise<Listening> {
  const endpoint = await graphqlEndpoint(options.schema, options.context, options.plugins);
  const app = express();
  app.disable('x-powered-by');
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  await options.routes?.(app);
  if (options.signing) app.use('/graphql', ...requireSignature(options.signing));
  app.use('/graphql', ...endpoint.handler);
  app.use(jsonErrors);
  const listening = await listen(app, options.port, options.host);
  return {
    ...listening,
    stop: async () => {
      await listening.stop();
      await endpoint.stop();
      await options.onStop?.();
    },
  };
}
