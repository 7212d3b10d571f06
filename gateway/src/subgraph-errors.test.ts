import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { annotateResponseErrors, failureError, identifySubgraph } from './subgraph-errors.js';

const mda = identifySubgraph('country_mda');

describe('identifySubgraph', () => {
  it.each([
    ['country_mda', { subgraph: 'country_mda', country: 'MDA', label: 'Country MDA (subgraph country_mda)' }],
    ['registry', { subgraph: 'registry', label: 'Registry (subgraph registry)' }],
    ['provider_unhcr', { subgraph: 'provider_unhcr', label: 'Provider unhcr (subgraph provider_unhcr)' }],
    ['something_else', { subgraph: 'something_else', label: 'Subgraph something_else' }],
  ])('%s', (name, expected) => {
    expect(identifySubgraph(name)).toEqual(expected);
  });
});

describe('failureError: a failed subgraph fetch, as the client sees it', () => {
  const annotated = (error: GraphQLError) => ({ message: error.message, extensions: error.extensions });

  it('timeout (AbortSignal.timeout)', () => {
    const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    expect(annotated(failureError(mda, timeout, 2000))).toEqual({
      message: 'Country MDA (subgraph country_mda) did not answer within 2000 ms',
      extensions: { code: 'SUBGRAPH_TIMEOUT', subgraph: 'country_mda', country: 'MDA' },
    });
  });

  it('connection refused (node http error)', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4107'), { code: 'ECONNREFUSED' });
    expect(annotated(failureError(mda, refused, 2000))).toEqual({
      message: 'Country MDA (subgraph country_mda) is unavailable: connect ECONNREFUSED 127.0.0.1:4107',
      extensions: { code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'country_mda', country: 'MDA' },
    });
  });

  it('connection refused (fetch wraps it in cause)', () => {
    const failed = new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:4107') });
    expect(failureError(mda, failed, 2000).message).toBe('Country MDA (subgraph country_mda) is unavailable: connect ECONNREFUSED 127.0.0.1:4107');
  });

  it('HTTP 400: the message from the body, not "400: Bad Request"', () => {
    // What RemoteGraphQLDataSource.errorFromResponse builds.
    const http400 = new GraphQLError('400: Bad Request', {
      extensions: { response: { url: 'http://x', status: 400, statusText: 'Bad Request', body: { errors: [{ message: 'Variable "$representations" got invalid value', extensions: { code: 'BAD_USER_INPUT' } }] } } },
    });
    expect(annotated(failureError(mda, http400, 2000))).toEqual({
      message: 'Country MDA (subgraph country_mda) answered HTTP 400: Variable "$representations" got invalid value',
      extensions: { code: 'SUBGRAPH_ERROR', subgraph: 'country_mda', country: 'MDA', subgraphCode: 'BAD_USER_INPUT', httpStatus: 400 },
    });
  });

  it('HTTP 503 from a proxy in front of the subgraph counts as unavailable', () => {
    const http503 = new GraphQLError('503: Service Unavailable', { extensions: { response: { status: 503, body: 'upstream connect error' } } });
    const error = failureError(mda, http503, 2000);
    expect(error.message).toBe('Country MDA (subgraph country_mda) answered HTTP 503: upstream connect error');
    expect(error.extensions.code).toBe('SUBGRAPH_UNAVAILABLE');
  });

  it('a body that is not GraphQL', () => {
    const error = failureError(mda, new Error('Expected JSON response body, but received: <html>'), 2000);
    expect(error.message).toBe('Country MDA (subgraph country_mda) sent an unusable answer: Expected JSON response body, but received: <html>');
    expect(error.extensions.code).toBe('SUBGRAPH_ERROR');
  });
});

describe('annotateResponseErrors', () => {
  it('names the country, keeps the subgraph’s code apart and drops stack traces', () => {
    const [error] = annotateResponseErrors(mda, [
      { message: 'Unknown indicator "X"', path: ['_entities', 0, 'observations'], extensions: { code: 'UNKNOWN_INDICATOR', stacktrace: ['at x.js:1'] } },
    ]);
    expect(error).toEqual({
      message: 'Country MDA (subgraph country_mda): Unknown indicator "X"',
      path: ['_entities', 0, 'observations'],
      extensions: { code: 'SUBGRAPH_ERROR', subgraphCode: 'UNKNOWN_INDICATOR', subgraph: 'country_mda', country: 'MDA' },
    });
  });
});
