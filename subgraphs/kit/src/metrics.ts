// Prometheus metrics at `GET /metrics` of every service (prom-client's text format). Each server has
// its own registry, so the demo's many in-process subgraphs each report their own counts; the
// process metrics (CPU, memory, event loop) are shared, collected once per process. Labels take
// fixed values only (route names, member ISO3s, outcomes): never a query's variables, a figure
// or an identity from records.
import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { routeOf } from './tracing.js';

export { Counter, Gauge, Histogram, Registry } from 'prom-client';

let processRegistry: Registry | undefined;

function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

export interface ServiceMetrics {
  /** This server's own metrics; add the role's own (imports, fetches) here. */
  registry: Registry;
  /** Counts and times every request (first handler of the app). */
  middleware: RequestHandler;
  /** GET /metrics */
  handler: RequestHandler;
}

/** Seconds, from a few milliseconds (a cached answer) to the longest subgraph timeout. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export function createServiceMetrics(service: string): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  const requests = new Counter({
    name: 'migfed_http_requests_total',
    help: 'HTTP requests answered, by route and status code',
    labelNames: ['route', 'status'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'migfed_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route',
    labelNames: ['route'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const middleware: RequestHandler = (req, res, next) => {
    const route = routeOf(req.path);
    const end = duration.startTimer({ route });
    res.once('finish', () => {
      end();
      requests.inc({ route, status: String(res.statusCode) });
    });
    next();
  };
  const handler: RequestHandler = async (_req, res, next) => {
    try {
      // Two registries with no family in common: their texts one after the other are one valid exposition.
      const text = `${await processMetrics().metrics()}${await registry.metrics()}`;
      res.set('content-type', registry.contentType).set('cache-control', 'no-store').send(text);
    } catch (err) {
      next(err);
    }
  };
  return { registry, middleware, handler };
}
