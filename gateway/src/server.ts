import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled, ApolloServerPluginSchemaReportingDisabled, ApolloServerPluginUsageReportingDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type Express } from 'express';
import { mountExplorer, type ExplorerOptions } from './explorer.js';
import { createGateway } from './gateway.js';
import { healthHandler } from './health.js';
import { listSubgraphs } from './supergraph-info.js';

export interface StartGatewayOptions {
  supergraphSdl: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** Default 127.0.0.1; main.ts uses 0.0.0.0. */
  host?: string;
  /** Upper bound for one subgraph fetch (default 5000). */
  subgraphTimeoutMs?: number;
  /** The offline GraphiQL at /explorer (default on); false to leave it out. */
  explorer?: ExplorerOptions | false;
  /** Extra routes, mounted before /graphql (e.g. /reports). */
  routes?: (app: Express) => void;
  log?: Pick<Console, 'info' | 'warn' | 'error'>;
}

export interface RunningGateway {
  /** Origin, e.g. `http://127.0.0.1:4000`. */
  url: string;
  /** `${url}/graphql` */
  graphqlUrl: string;
  /** The port actually bound (useful with port 0). */
  port: number;
  /** Stops accepting requests, lets running ones finish, closes subgraph connections. */
  stop(): Promise<void>;
}

function listen(server: http.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

/** Serves the supergraph at /graphql, plus /health, /explorer and `/` → /explorer/. */
export async function startGateway(options: StartGatewayOptions): Promise<RunningGateway> {
  const { supergraphSdl, port, host = '127.0.0.1', subgraphTimeoutMs = 5000, log = console } = options;
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  // Above the usual 60 s idle timeout of load balancers, so they never reuse a socket we just closed.
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;

  const server = new ApolloServer({
    gateway: createGateway({ supergraphSdl, subgraphTimeoutMs }),
    introspection: true, // researchers explore the graph
    includeStacktraceInErrorResponses: false,
    stopOnTerminationSignals: false, // main.ts owns the signals
    plugins: [
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      // Apollo's landing page loads from a CDN; /explorer is the offline one.
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginDrainHttpServer({ httpServer }),
    ],
  });
  await server.start();

  app.get('/health', healthHandler(listSubgraphs(supergraphSdl), Math.min(1000, subgraphTimeoutMs)));
  if (options.explorer !== false) await mountExplorer(app, options.explorer ?? {}, log);
  app.get('/', (_req, res) => res.redirect(302, '/explorer/'));
  options.routes?.(app);
  app.use(
    '/graphql',
    (req, res, next) => {
      // A browser opening /graphql gets the explorer rather than a "query missing" error.
      const isPage = req.method === 'GET' && !req.query.query && req.accepts(['json', 'html']) === 'html';
      return isPage && options.explorer !== false ? res.redirect(302, '/explorer/') : next();
    },
    express.json({ limit: '1mb' }),
    expressMiddleware(server),
  );

  let boundPort: number;
  try {
    boundPort = await listen(httpServer, port, host);
  } catch (err) {
    await server.stop();
    throw err;
  }
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const url = `http://${urlHost}:${boundPort}`;
  return { url, graphqlUrl: `${url}/graphql`, port: boundPort, stop: () => server.stop() };
}
