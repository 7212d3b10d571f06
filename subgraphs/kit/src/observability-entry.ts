// Logs, metrics, traces and request ids for the gateway, without the kit's database drivers.
export { LOG_LEVELS, type Logger, type LogLevel, requestLog, safeError, serviceLogger, setLogLevel, tapLogs } from './log.js';
export { Counter, createServiceMetrics, Gauge, Histogram, LATENCY_BUCKETS, Registry, type ServiceMetrics } from './metrics.js';
export { applyObservability, metricsEnabled, type ObservabilityConfig, readObservability } from './observability.js';
export { acceptRequestId, currentRequestId, REQUEST_ID_HEADER, requestIdMiddleware, withRequestId } from './request-context.js';
export {
  addSpanProcessor,
  flushTraces,
  inSpan,
  routeOf,
  SpanKind,
  SpanStatusCode,
  traceHeaders,
  traceRequests,
  tracer,
} from './tracing.js';
