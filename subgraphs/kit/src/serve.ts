import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import {
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginUsageReportingDisabled,
  ApolloServerPluginSchemaReportingDisabled,
} from '@apollo/server/plugin/disabled';
import express, { type Express } from 'express';
import type { GraphQLSchema } from 'graphql';
import { createErrorMasker } from './errors.js';
import { listen, type Listening } from './http.js';

export interface ServeOptions<TContext extends BaseContext> {
  schema: GraphQLSchema;
  /** Builds the per-request context (DataLoaders live here, one set per request). */
  context: (req: express.Request) => Promise<TContext>;
  port: number;
  host?: string;
  /** Extra routes (health, uploads) mounted before /graphql. */
  routes?: (app: Express) => void;
  plugins?: ApolloServerPlugin<TContext>[];
}

/**
 * Starts one subgraph over HTTP: Apollo Server with masked errors and nothing reported to Apollo,
 * `GET /health`, and whatever extra routes the role needs.
 */
export async function serveSubgraph<TContext extends BaseContext>(
  options: ServeOptions<TContext>,
): Promise<Listening & { apollo: ApolloServer<TContext> }> {
  const apollo = new ApolloServer<TContext>({
    schema: options.schema,
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
      ...(options.plugins ?? []),
    ],
  });
  await apollo.start();
  const app = express();
  app.disable('x-powered-by');
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  options.routes?.(app);
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, { context: async ({ req }) => options.context(req) }),
  );
  const listening = await listen(app, options.port, options.host);
  return {
    ...listening,
    apollo,
    stop: async () => {
      await listening.stop();
      await apollo.stop();
    },
  };
}
