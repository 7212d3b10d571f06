// What every service reads about logs, metrics and traces, in one place (the gateway and each
// subgraph's main.ts call these): LOG_LEVEL, METRICS, OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_SERVICE_NAME.
import type { EnvReader } from './env.js';
import { type Logger, type LogLevel, readLogLevel, serviceLogger, setLogLevel } from './log.js';
import { startOtlpTracing } from './tracing.js';

export interface ObservabilityConfig {
  logLevel: LogLevel;
  /** `GET /metrics` served (METRICS, default on). */
  metrics: boolean;
  /** Where traces go (OTEL_EXPORTER_OTLP_ENDPOINT or …_TRACES_ENDPOINT); unset: no tracing. */
  otlpEndpoint: string | undefined;
  /** OTEL_SERVICE_NAME, else the service's own name. */
  otelServiceName: string | undefined;
}

/** `logLevel` is the default when LOG_LEVEL is unset (`info`; the demo's is `warn`, its console is for people). */
export function readObservability(r: EnvReader, logLevel: LogLevel = 'info'): ObservabilityConfig {
  const otlpEndpoint = r.str('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT') ?? r.str('OTEL_EXPORTER_OTLP_ENDPOINT');
  if (otlpEndpoint !== undefined && !URL.canParse(otlpEndpoint))
    r.problems.push(`OTEL_EXPORTER_OTLP_ENDPOINT must be a URL such as http://collector:4318, got "${otlpEndpoint}"`);
  return {
    logLevel: readLogLevel(r, logLevel),
    metrics: r.bool('METRICS', true),
    otlpEndpoint,
    otelServiceName: r.str('OTEL_SERVICE_NAME'),
  };
}

let metricsOn = true;

/** Whether servers started in this process serve `GET /metrics`. */
export const metricsEnabled = (): boolean => metricsOn;

/** Applies the configuration to this process; returns the service's logger. */
export function applyObservability(config: ObservabilityConfig, service: string): Logger {
  setLogLevel(config.logLevel);
  metricsOn = config.metrics;
  if (config.otlpEndpoint !== undefined) startOtlpTracing(config.otelServiceName ?? service);
  return serviceLogger(service);
}
