// OpenTelemetry traces, off unless asked for: with OTEL_EXPORTER_OTLP_ENDPOINT set (the standard
// variable; the exporter reads it and its companions itself) spans go to that collector over OTLP
// HTTP. Without it no tracer provider is registered and every span below is OpenTelemetry's no-op,
// which costs nothing. Trace context travels between services in W3C `traceparent` headers.
import { context, propagation, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { RequestHandler } from 'express';
import { currentRequestId } from './request-context.js';

export { SpanKind, SpanStatusCode, type Span } from '@opentelemetry/api';

/** Hands every span to the processors registered so far (the SDK takes its list only at construction). */
class FanOut implements SpanProcessor {
  readonly processors: SpanProcessor[] = [];
  onStart(...args: Parameters<SpanProcessor['onStart']>) {
    for (const p of this.processors) p.onStart(...args);
  }
  onEnd(...args: Parameters<SpanProcessor['onEnd']>) {
    for (const p of this.processors) p.onEnd(...args);
  }
  async forceFlush() {
    await Promise.all(this.processors.map((p) => p.forceFlush()));
  }
  async shutdown() {
    await Promise.all(this.processors.map((p) => p.shutdown()));
  }
}

let fanOut: FanOut | undefined;
let provider: BasicTracerProvider | undefined;

function ensureProvider(serviceName: string): FanOut {
  if (fanOut) return fanOut;
  fanOut = new FanOut();
  provider = new BasicTracerProvider({ resource: resourceFromAttributes({ 'service.name': serviceName }), spanProcessors: [fanOut] });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  return fanOut;
}

/** Spans of this process go to the OTLP collector that OTEL_EXPORTER_OTLP_* name (read by the exporter). */
export function startOtlpTracing(serviceName: string): void {
  ensureProvider(serviceName).processors.push(new BatchSpanProcessor(new OTLPTraceExporter()));
}

/** Registers one more span processor, turning tracing on if it was off (tests: an in-memory exporter). */
export function addSpanProcessor(processor: SpanProcessor, serviceName = 'migfed'): () => void {
  const all = ensureProvider(serviceName).processors;
  all.push(processor);
  return () => {
    const at = all.indexOf(processor);
    if (at >= 0) all.splice(at, 1);
  };
}

/** Sends the spans still buffered (before a process exits). */
export async function flushTraces(): Promise<void> {
  await provider?.forceFlush();
}

export const tracer = () => trace.getTracer('migfed');

/** Runs `fn` inside a new span that ends when it settles (marked as an error when it throws). */
export async function inSpan<T>(
  name: string,
  attributes: Record<string, string>,
  kind: SpanKind,
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  return tracer().startActiveSpan(name, { attributes, kind }, async (span) => {
    try {
      return await fn(span);
    } catch (err) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: (err as { name?: string }).name ?? 'error' });
      throw err;
    } finally {
      span.end();
    }
  });
}

/** The `traceparent` (and `tracestate`) headers for the active span, for a request to another service. */
export function traceHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  propagation.inject(context.active(), headers);
  return headers;
}

/** The fixed names of a service's routes, for span names and metric labels (never a path's values). */
export function routeOf(path: string): string {
  const first = /^\/([a-z-]+)/.exec(path)?.[1];
  return first &&
    ['graphql', 'health', 'ready', 'metrics', 'explorer', 'reports', 'sdmx', 'admin', 'internal', 'publish', 'imports'].includes(first)
    ? `/${first}`
    : '/other';
}

/**
 * Express handler: each request gets a server span (`POST /graphql`), child of the caller's
 * `traceparent` when one came, and the rest of the request runs inside it.
 */
export function traceRequests(service: string): RequestHandler {
  return (req, res, next) => {
    if (!fanOut) return next();
    const parent = propagation.extract(context.active(), req.headers);
    const route = routeOf(req.path);
    const requestId = currentRequestId();
    const span = tracer().startSpan(
      `${req.method} ${route}`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': req.method,
          'http.route': route,
          'migfed.service': service,
          // The id an operator finds in the logs (requestIdMiddleware runs first).
          ...(requestId ? { 'migfed.request_id': requestId } : {}),
        },
      },
      parent,
    );
    res.once('close', () => {
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    context.with(trace.setSpan(parent, span), next);
  };
}

/** `SELECT`, `INSERT`, `WITH`, `COPY`…: what a statement does, never its values. */
export function statementKind(text: string): string {
  const word = /^(?:\s|--[^\n]*\n|\/\*[\s\S]*?\*\/|\()*([A-Za-z]+)/.exec(text)?.[1];
  return word ? word.toUpperCase() : 'SQL';
}

/** A span for one SQL statement, when a traced request is running (none for background work). */
export function sqlSpan(text: string): Span | undefined {
  if (!fanOut || !trace.getActiveSpan()) return undefined;
  const kind = statementKind(text);
  return tracer().startSpan(kind, { kind: SpanKind.CLIENT, attributes: { 'db.system.name': 'postgresql', 'db.operation.name': kind } });
}
