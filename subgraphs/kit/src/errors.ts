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
]);

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
    const code = formatted.extensions?.['code'];
    if (typeof code === 'string' && PUBLIC_CODES.has(code)) {
      const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    log('internal error', unwrapResolverError(error));
    return {
      message: 'Internal server error',
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}

function defaultLog(message: string, err: unknown) {
  console.error(`[subgraph] ${message}:`, err);
}
