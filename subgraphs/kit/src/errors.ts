import { serviceLogger } from './log.js';
import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';

/** Codes that a subgraph returns on purpose; anything else is an internal error and is masked. */
const PUBLIC_CODES = new Set([
  'BAD_USER_INPUT',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'OPERATION_RESOLUTION_FAILURE',
  'UNKNOWN_INDICATOR',
  'UNKNOWN_DIMENSION',
  'UNKNOWN_CODE',
  'INVALID_PERIOD',
  'NOT_FOUND',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'DATA_SOURCE_UNAVAILABLE',
  'ROW_LIMIT',
  'STATEMENT_TIMEOUT',
]);

/**
 * Refusals of oversized work: the query asked for more rows than one request may produce, or ran
 * longer than the database allows. They say nothing about the member's health, so the gateway's
 * circuit breakers ignore them.
 */
export const ROW_LIMIT = 'ROW_LIMIT';
export const STATEMENT_TIMEOUT = 'STATEMENT_TIMEOUT';

/** True when `error` (or a cause it wraps) is PostgreSQL cancelling a statement at its `statement_timeout`. */
export function isStatementTimeout(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 6) return false;
  const e = error as { code?: unknown; message?: unknown; cause?: unknown; originalError?: unknown };
  if (e.code === '57014' && typeof e.message === 'string' && /statement timeout/.test(e.message)) return true;
  return [e.cause, e.originalError].some((n) => isStatementTimeout(n, depth + 1));
}

/** The code a subgraph answers with when its database cannot be reached (the gateway names the member). */
export const DATA_SOURCE_UNAVAILABLE = 'DATA_SOURCE_UNAVAILABLE';

// Node and postgres.js connection failures, and SQLSTATEs that mean "no database right now":
// class 08 (connection exception), 57P01–03 (shutdown, crash, starting up), 53300 (too many
// connections), 3D000 (the database does not exist, e.g. dropped or renamed).
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
]);
const UNAVAILABLE_SQLSTATE = /^(08[0-9A-Z]{3}|57P0[1-3]|53300|3D000)$/;

/** True when `error` (or a cause it wraps: drizzle, DataLoader, GraphQL) says the database is unreachable. */
export function isDataSourceUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 6) return false;
  const e = error as { code?: unknown; cause?: unknown; originalError?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && (CONNECTION_CODES.has(e.code) || UNAVAILABLE_SQLSTATE.test(e.code))) return true;
  const nested = [e.cause, e.originalError, ...(Array.isArray(e.errors) ? e.errors : [])];
  return nested.some((n) => isDataSourceUnavailable(n, depth + 1));
}

/** An expected failure with a stable `extensions.code` (SCREAMING_SNAKE). */
export class UserInputError extends GraphQLError {
  constructor(code: string, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extensions } });
  }
}

/**
 * Apollo Server `formatError`: expected errors pass through; database and programming errors are
 * logged with their cause and replaced by a generic message, so no SQL or stack reaches a client.
 */
export function createErrorMasker(log: (message: string, err: unknown) => void = defaultLog) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && PUBLIC_CODES.has(code)) {
      const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    const cause = unwrapResolverError(error);
    if (isStatementTimeout(cause)) {
      return {
        message: 'The query ran longer than this member allows and was stopped: ask for fewer periods, codes or members at a time',
        ...(formatted.path ? { path: formatted.path } : {}),
        extensions: { code: STATEMENT_TIMEOUT },
      };
    }
    if (isDataSourceUnavailable(cause)) {
      log('database unavailable', cause);
      return {
        // Says what is wrong in words a reader understands; the driver's error (host, port, SQL) stays in the log.
        message: 'data source unavailable: the database of this subgraph cannot be reached',
        ...(formatted.path ? { path: formatted.path } : {}),
        extensions: { code: DATA_SOURCE_UNAVAILABLE },
      };
    }
    log('internal error', cause);
    return {
      message: 'Internal server error',
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}

function defaultLog(message: string, err: unknown) {
  serviceLogger('subgraph').error({ err }, message);
}
