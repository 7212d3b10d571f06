// One logger for every service: JSON lines (pino) on stdout, with the service's name, the level and,
// inside a request, its id. Log lines name what happened, never a query's variables, a figure
// being imported or an identity from records: callers log codes and counts, not payloads.
import type { RequestHandler } from 'express';
import pino, { type Logger } from 'pino';
import type { EnvReader } from './env.js';
import { currentRequestId } from './request-context.js';

export type { Logger } from 'pino';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

type Tap = (line: string) => void;
const taps = new Set<Tap>();

// Written synchronously to stdout, so that the last lines before an exit are not lost.
const destination = pino.destination({ dest: 1, sync: true });

// Until a main.ts applies its configuration, LOG_LEVEL as it is (tests run their servers quieter this way).
const initialLevel = (LOG_LEVELS as readonly string[]).includes(process.env.LOG_LEVEL ?? '') ? (process.env.LOG_LEVEL as LogLevel) : 'info';

const root = pino(
  {
    level: initialLevel,
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    serializers: { err: safeError },
    // Every line logged while a request is served names it.
    mixin: () => {
      const requestId = currentRequestId();
      return requestId ? { requestId } : {};
    },
  },
  {
    write(line: string) {
      destination.write(line);
      for (const tap of taps) tap(line);
    },
  },
);

/** LOG_LEVEL (default `info`; `silent` turns logs off); problems into `r`. */
export function readLogLevel(r: EnvReader, fallback: LogLevel = 'info'): LogLevel {
  const raw = r.str('LOG_LEVEL')?.toLowerCase();
  if (raw === undefined) return fallback;
  if ((LOG_LEVELS as readonly string[]).includes(raw)) return raw as LogLevel;
  r.problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${raw}"`);
  return fallback;
}

/** Sets the level of every logger of this process; returns the one it replaced. */
export function setLogLevel(level: LogLevel): LogLevel {
  const was = root.level as LogLevel;
  root.level = level;
  return was;
}

/** The logger of one service (`gateway`, `registry`, `country_mda`, …); its lines carry `service`. */
export function serviceLogger(service: string): Logger {
  return root.child({ service });
}

/** Every line written from now on is also given to `tap` (tests read logs this way); returns the undo. */
export function tapLogs(tap: Tap): () => void {
  taps.add(tap);
  return () => taps.delete(tap);
}

/**
 * The path of a request as it may be logged: without its query string (a GET's query and
 * variables), and of an SDMX data or availability request only up to the resource, since its key
 * and the rest of its path are the query's parameters.
 */
export function loggablePath(originalUrl: string): string {
  const path = originalUrl.split('?')[0] ?? '';
  return path.startsWith('/sdmx/') ? path.split('/').slice(0, 4).join('/') : path;
}

/**
 * One line per finished request: method, path (see loggablePath), status and duration. Probes
 * (/health, /ready, /metrics) log at debug only.
 */
export function requestLog(log: Logger): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    res.once('finish', () => {
      const path = loggablePath(req.originalUrl);
      const line = { method: req.method, path, status: res.statusCode, ms: Math.round(performance.now() - started) };
      if (path === '/health' || path === '/ready' || path === '/metrics') log.debug(line, 'request');
      else log.info(line, 'request');
    });
    next();
  };
}

type ErrorLike = {
  name?: unknown;
  message?: unknown;
  stack?: unknown;
  code?: unknown;
  severity?: unknown;
  query?: unknown;
  params?: unknown;
  cause?: unknown;
};

/**
 * What may be logged of an error (pino's `err`). A database error says its SQLSTATE and, for a
 * failed drizzle query, the statement with its placeholders, but never its parameters nor the
 * server's message, which quotes the offending value ('invalid input syntax for type integer: "…"').
 * Other errors keep message and stack: they come from the code, not from what a caller sent.
 */
export function safeError(err: unknown): Record<string, unknown> {
  if (err === null || typeof err !== 'object') return { type: typeof err };
  const e = err as ErrorLike;
  const type = typeof e.name === 'string' ? e.name : 'Error';
  const fromDb = (x: ErrorLike | undefined) => typeof x?.severity === 'string' && typeof x.code === 'string';
  if (typeof e.query === 'string' && 'params' in e) {
    const cause = e.cause as ErrorLike | undefined;
    return { type, statement: e.query.replace(/\s+/g, ' ').slice(0, 300), ...(fromDb(cause) ? { code: cause?.code } : {}) };
  }
  if (fromDb(e)) return { type, code: e.code };
  return { type, message: String(e.message ?? ''), ...(typeof e.code === 'string' ? { code: e.code } : {}), stack: e.stack };
}
