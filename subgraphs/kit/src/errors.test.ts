import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createErrorMasker, isDataSourceUnavailable } from './errors.js';

const mask = createErrorMasker(() => {});
const fromResolver = (cause: unknown) => new GraphQLError('x', { originalError: cause as Error });

describe('error masking in subgraphs', () => {
  it.each([
    ['connection refused', Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), { code: 'ECONNREFUSED' })],
    ['postgres.js connection closed', Object.assign(new Error('write CONNECTION_CLOSED db.internal:5432'), { code: 'CONNECTION_CLOSED' })],
    ['server shut down (57P01)', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })],
    ['database gone (3D000)', Object.assign(new Error('database "mda" does not exist'), { code: '3D000' })],
    [
      'wrapped by drizzle',
      new Error('Failed query: select * from country.observations', { cause: Object.assign(new Error('x'), { code: 'ECONNRESET' }) }),
    ],
  ])('says the data source is unavailable, without SQL or address: %s', (_case, cause) => {
    expect(isDataSourceUnavailable(cause)).toBe(true);
    const shown = mask({ message: (cause as Error).message, path: ['_entities', 0, 'observations'] }, fromResolver(cause));
    expect(shown).toEqual({
      message: 'data source unavailable: the database of this subgraph cannot be reached',
      path: ['_entities', 0, 'observations'],
      extensions: { code: 'DATA_SOURCE_UNAVAILABLE' },
    });
  });

  it('masks any other database error as an internal error', () => {
    const cause = new Error('Failed query: select x from country.nope', {
      cause: Object.assign(new Error('relation does not exist'), { code: '42P01' }),
    });
    expect(isDataSourceUnavailable(cause)).toBe(false);
    expect(mask({ message: cause.message }, fromResolver(cause))).toEqual({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  });
});
