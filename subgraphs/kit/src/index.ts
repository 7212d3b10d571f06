export { createDb, openPglite } from './db.js';
export { assertDataDirFree, DataDirLocked, lockDataDir } from './data-dir-lock.js';
export type { CreateDbOptions, Db, DbHandle } from './db.js';
export { listen } from './http.js';
export type { ListenOptions } from './http.js';
export { jsonErrorHandler } from './json-errors.js';
export type { SqlSession } from './session.js';
export type { Listening } from './http.js';
export {
  createErrorMasker,
  DATA_SOURCE_UNAVAILABLE,
  isDataSourceUnavailable,
  isStatementTimeout,
  ROW_LIMIT,
  STATEMENT_TIMEOUT,
  UserInputError,
} from './errors.js';
export { abortWhenClientLeaves, currentRequestSignal } from './cancel.js';
export { EnvReader } from './env.js';
export { LOG_LEVELS, type Logger, type LogLevel, readLogLevel, requestLog, safeError, serviceLogger, setLogLevel, tapLogs } from './log.js';
export { Counter, createServiceMetrics, Gauge, Histogram, LATENCY_BUCKETS, Registry, type ServiceMetrics } from './metrics.js';
export { applyObservability, metricsEnabled, type ObservabilityConfig, readObservability } from './observability.js';
export { acceptRequestId, currentRequestId, REQUEST_ID_HEADER, requestIdMiddleware, withRequestId } from './request-context.js';
export { addSpanProcessor, flushTraces, inSpan, routeOf, sqlSpan, statementKind, traceHeaders, traceRequests, tracer } from './tracing.js';
export { graphqlEndpoint, serveSubgraph } from './serve.js';
export type { GraphQLEndpoint, ServeOptions, SubgraphSigning } from './serve.js';
export {
  createVerifier,
  deriveSubgraphKey,
  GATEWAY_AUDIENCE,
  SIGNER_HEADER,
  secretProblems,
  signRequest,
  subgraphKeys,
} from './signing.js';
export { databaseAnswers, openConfiguredDb, readServiceConfig, runService, signingFrom, signingWithMaster } from './service.js';
export type { ServiceConfig } from './service.js';
