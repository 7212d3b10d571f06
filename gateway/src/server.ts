import http from 'node:http';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import { abortWhenClientLeaves } from '@migfed/subgraph-kit/cancel';
import { listen } from '@migfed/subgraph-kit/http';
import { metricsEnabled, requestIdMiddleware, requestLog, serviceLogger, traceRequests } from '@migfed/subgraph-kit/observability';
import { subgraphName } from '@migfed/schema';
import express, { type Express } from 'express';
import { createBilateralService } from './bilateral/service.js';
import { compressAnswers } from './compress.js';
import { mountExplorer, type ExplorerOptions } from './explorer.js';
import { hasReleaseCalendar, learnScheduledReleases } from './cache/schedules.js';
import { INVALIDATE_PATH, type Publication, type ResponseCacheConfig, setupResponseCache } from './cache/index.js';
import { createGateway } from './gateway.js';
import { healthHandler } from './health.js';
import { createProtection, jsonErrorHandler, type ProtectionOptions } from './protection.js';
import { createGatewayMetrics } from './observability.js';
import { createPublicErrorFormatter } from './public-errors.js';
import type { GatewayPerfOptions } from './perf/index.js';
import { mountReports, type ReportsOptions } from './reports.js';
import { type SdmxOptions, sdmxRouter } from './sdmx/index.js';
import { executorOf } from './sdmx/execute.js';
import { countryFieldNames, fetchedSubgraphs, listSubgraphs } from './supergraph-info.js';

/** Limits, rate limit, circuit breaker and signing come from ProtectionOptions (protection.ts). */
export interface StartGatewayOptions extends ProtectionOptions {
  supergraphSdl: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** Default 127.0.0.1; main.ts uses 0.0.0.0. */
  host?: string;
  /** Upper bound for one subgraph fetch (default 5000). */
  subgraphTimeoutMs?: number;
  /** The offline GraphiQL at /explorer (default on); false to leave it out. */
  explorer?: ExplorerOptions | false;
  /** The report builder at /reports (default on); false to leave it out. */
  reports?: ReportsOptions | false;
  /** Extra routes, mounted before /graphql (e.g. /reports). */
  routes?: (app: Express) => void;
  log?: Pick<Console, 'info' | 'warn' | 'error'>;
  /**
   * Keep whole answers to anonymous reads until a member publishes (src/cache/; default
   * off). With signingSecret, members notify POST /internal/invalidate; in-process, call invalidate().
   */
  responseCache?: ResponseCacheConfig | false;
  /** The SDMX REST API at /sdmx (default on); false to leave it out. */
  sdmx?: SdmxOptions | false;
  /** Subgraph fetch deduplication and plan warming (default on). */
  perf?: Pick<GatewayPerfOptions, 'dedupeSubgraphFetches' | 'warmPlans'>;
  /** How long stop() lets running requests finish before cutting them (default 10 s). */
  shutdownGraceMs?: number;
  /** Brotli/gzip per Accept-Encoding for answers and static files (default on; off for comparisons). */
  compression?: boolean;
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
  /** Drops cached answers a publication changes (no-op without a response cache); returns how many. */
  invalidate(publication: Publication): number;
}

/** Serves the supergraph at /graphql, plus /health, /explorer and `/` → /explorer/. */
export async function startGateway(options: StartGatewayOptions): Promise<RunningGateway> {
  const logger = serviceLogger('gateway');
  const { supergraphSdl, port, host = '127.0.0.1', subgraphTimeoutMs = 5000, log = logger } = options;
  const metrics = createGatewayMetrics();
  const app = express();
  app.disable('x-powered-by');
  // First: each request gets its id (x-request-id, sent on to every subgraph), its trace, its count
  // and its log line. /metrics sits on the same port, outside the rate limit, without authentication:
  // it holds counts and timings per member, nothing of the data (METRICS=off turns it off).
  app.use(requestIdMiddleware, traceRequests('gateway'), metrics.middleware, requestLog(logger));
  if (metricsEnabled()) app.get('/metrics', metrics.handler);
  app.set('trust proxy', options.trustProxy ?? 0);
  // Read by servePrecompressed too, so that "off" means off for the static files as well.
  app.locals.compression = options.compression !== false;
  if (app.locals.compression) app.use(compressAnswers());
  const protection = createProtection(options);
  const cache = setupResponseCache(options.responseCache, options.signingSecret, metrics.cache);
  // Keep-alive and timeouts are set by listen (the kit's, shared by every service).
  const httpServer = http.createServer(app);
  let stopping = false;
  const subgraphs = listSubgraphs(supergraphSdl);
  // The matrix field, where the supergraph has it (a supergraph composed without it still serves).
  const bilateral = subgraphs.some((s) => s.name === subgraphName.bilateral)
    ? createBilateralService({
        members: subgraphs.flatMap((s) => (s.country ? [s.country] : [])),
        countryFields: countryFieldNames(supergraphSdl),
      })
    : undefined;

  const server = new ApolloServer({
    gateway: createGateway({
      supergraphSdl,
      subgraphTimeoutMs,
      log,
      logger,
      metrics,
      ...(bilateral ? { inProcess: new Map([[subgraphName.bilateral, bilateral.dataSource]]) } : {}),
      ...(protection.circuitBreaker ? { circuitBreaker: protection.circuitBreaker } : {}),
      ...(options.signingSecret ? { signingSecret: options.signingSecret } : {}),
      perf: { ...options.perf, log, ...(cache.didResolveQueryPlan ? { didResolveQueryPlan: cache.didResolveQueryPlan } : {}) },
    }),
    introspection: true, // researchers explore the graph
    logger,
    includeStacktraceInErrorResponses: false,
    formatError: createPublicErrorFormatter(log),
    stopOnTerminationSignals: false, // main.ts owns the signals
    plugins: [
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      // Apollo's landing page loads from a CDN; /explorer is the offline one.
      ApolloServerPluginLandingPageDisabled(),
      // Drains on stop: new connections refused, running requests finish within the grace.
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: options.shutdownGraceMs ?? 10_000 }),
      ...protection.plugins,
      ...cache.plugins,
    ],
  });
  await server.start();
  bilateral?.bind(executorOf(server));

  // Readiness: 503 as soon as stop() begins draining, so a balancer sends no more.
  app.get('/ready', (_req, res) => {
    res.set('cache-control', 'no-store');
    if (stopping) res.status(503).json({ status: 'stopping' });
    else res.json({ status: 'ready' });
  });
  app.get('/health', healthHandler(fetchedSubgraphs(subgraphs), Math.min(1000, subgraphTimeoutMs), options.signingSecret));
  if (options.explorer !== false) await mountExplorer(app, { supergraphSdl, ...options.explorer }, log);
  if (options.reports !== false) await mountReports(app, options.reports ?? {}, log);
  app.get('/', (_req, res) => res.redirect(302, '/explorer/'));
  options.routes?.(app);
  if (options.sdmx !== false) {
    const sdmx = sdmxRouter(
      { server, cache: cache.cache, clientMaxAgeS: options.responseCache ? (options.responseCache.clientMaxAgeS ?? 60) : 0, log },
      options.sdmx,
    );
    app.use('/sdmx', ...protection.beforeParse, sdmx);
  }
  if (cache.route) app.post(INVALIDATE_PATH, ...cache.route);
  app.use(
    '/graphql',
    (req, res, next) => {
      // A browser opening /graphql gets the explorer rather than a "query missing" error.
      const isPage = req.method === 'GET' && !req.query.query && req.accepts(['json', 'html']) === 'html';
      return isPage && options.explorer !== false ? res.redirect(302, '/explorer/') : next();
    },
    ...protection.beforeParse,
    express.json({ limit: '1mb' }),
    // From here on the request carries a signal that aborts when its client leaves: subgraph
    // fetches made for it alone are then given up, and the members cancel their statements.
    abortWhenClientLeaves,
    ...protection.afterParse,
    ...cache.lookup,
    expressMiddleware(server),
  );
  app.use(jsonErrorHandler);

  let boundPort: number;
  try {
    boundPort = (await listen(httpServer, port, host)).port;
  } catch (err) {
    await server.stop();
    throw err;
  }
  // Not awaited: start-up must not wait for members; answers cached before this ends are still
  // bounded by the cache's maximum age.
  if (cache.cache && hasReleaseCalendar(supergraphSdl)) void learnScheduledReleases(server, cache.invalidate, log);
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const url = `http://${urlHost}:${boundPort}`;
  return {
    url,
    graphqlUrl: `${url}/graphql`,
    port: boundPort,
    stop: async () => {
      stopping = true;
      await server.stop();
    },
    invalidate: cache.invalidate,
  };
}
