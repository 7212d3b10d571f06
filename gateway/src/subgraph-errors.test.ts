import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { annotateResponseErrors, circuitOpenError, failureDetails, failureError, identifySubgraph } from './subgraph-errors.js';

const mda = identifySubgraph('country_mda');

describe('identifySubgraph', () => {
  it.each([
    ['country_mda', { subgraph: 'country_mda', country: 'MDA', label: 'Country MDA (subgraph country_mda)' }],
    ['registry', { subgraph: 'registry', label: 'The registry (membership and catalog)' }],
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
      extensions: { code: 'SUBGRAPH_TIMEOUT', subgraph: 'country_mda', country: 'MDA', reason: 'TIMEOUT' },
    });
  });

  it('connection refused (node http error): the reason in words, never the address', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4107'), { code: 'ECONNREFUSED' });
    expect(annotated(failureError(mda, refused, 2000))).toEqual({
      message: 'Country MDA (subgraph country_mda) is unavailable: connection refused',
      extensions: { code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'country_mda', country: 'MDA', reason: 'ECONNREFUSED' },
    });
    expect(failureDetails(refused)).toMatch(/127\.0\.0\.1:4107/); // the operator's log keeps it
  });

  it("an HTTP refusal is logged with its status and codes, not the messages that quote the caller's variables", () => {
    const refusal = Object.assign(new Error('400: Bad Request'), {
      extensions: {
        response: {
          url: 'http://127.0.0.1:4107/graphql',
          status: 400,
          body: { errors: [{ message: 'Variable "$from" got invalid value "secret-2023"', extensions: { code: 'BAD_USER_INPUT' } }] },
        },
      },
    });
    expect(failureDetails(refusal)).toBe('HTTP 400 from http://127.0.0.1:4107/graphql: BAD_USER_INPUT');
  });

  it('connection refused (fetch wraps it in cause)', () => {
    const failed = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED 10.0.4.7:4107'), { code: 'ECONNREFUSED' }),
    });
    expect(failureError(mda, failed, 2000).message).toBe('Country MDA (subgraph country_mda) is unavailable: connection refused');
  });

  it('an unknown network failure says so without details', () => {
    const failed = new TypeError('fetch failed', { cause: new Error('getaddrinfo EAI_FAIL mda.internal') });
    expect(failureError(mda, failed, 2000).message).toBe('Country MDA (subgraph country_mda) is unavailable: network error');
  });

  it('HTTP 400: the message from the body, not "400: Bad Request"', () => {
    // What RemoteGraphQLDataSource.errorFromResponse builds.
    const http400 = new GraphQLError('400: Bad Request', {
      extensions: {
        response: {
          url: 'http://x',
          status: 400,
          statusText: 'Bad Request',
          body: { errors: [{ message: 'Variable "$representations" got invalid value', extensions: { code: 'BAD_USER_INPUT' } }] },
        },
      },
    });
    expect(annotated(failureError(mda, http400, 2000))).toEqual({
      message: 'Country MDA (subgraph country_mda) answered HTTP 400: Variable "$representations" got invalid value',
      extensions: {
        code: 'SUBGRAPH_ERROR',
        subgraph: 'country_mda',
        country: 'MDA',
        subgraphCode: 'BAD_USER_INPUT',
        httpStatus: 400,
        reason: 'HTTP_400',
      },
    });
  });

  it('HTTP 503 from a proxy in front of the subgraph counts as unavailable; the proxy’s page is not quoted', () => {
    const http503 = new GraphQLError('503: Service Unavailable', {
      extensions: { response: { status: 503, body: 'upstream connect error 10.0.4.7:4107' } },
    });
    const error = failureError(mda, http503, 2000);
    expect(error.message).toBe('Country MDA (subgraph country_mda) answered HTTP 503: the member is unreachable behind its proxy');
    expect(error.extensions.code).toBe('SUBGRAPH_UNAVAILABLE');
  });

  it('HTTP 500 with an HTML page: a server error, described, not quoted', () => {
    const http500 = new GraphQLError('500: Internal Server Error', {
      extensions: { response: { status: 500, body: '<pre>Error: at /srv/app.js:12 (10.0.0.3)</pre>' } },
    });
    const error = failureError(mda, http500, 2000);
    expect(error.message).toBe('Country MDA (subgraph country_mda) answered HTTP 500: a server error');
    expect(error.extensions).toMatchObject({ code: 'SUBGRAPH_ERROR', httpStatus: 500, country: 'MDA' });
  });

  it('a body that is not GraphQL', () => {
    const error = failureError(mda, new Error('Expected JSON response body, but received: <html>'), 2000);
    expect(error.message).toBe('Country MDA (subgraph country_mda) sent an answer that is not GraphQL');
    expect(error.extensions.code).toBe('SUBGRAPH_ERROR');
  });

  it('the registry down says what is missing', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4001'), { code: 'ECONNREFUSED' });
    expect(failureError(identifySubgraph('registry'), refused, 2000).message).toBe(
      'The registry (membership and catalog) is unavailable: connection refused',
    );
  });
});

describe('annotateResponseErrors', () => {
  it('names the country, keeps the subgraph’s code apart and drops stack traces', () => {
    const [error] = annotateResponseErrors(mda, [
      {
        message: 'Unknown indicator "X"',
        path: ['_entities', 0, 'observations'],
        extensions: { code: 'UNKNOWN_INDICATOR', stacktrace: ['at x.js:1'] },
      },
    ]);
    expect(error).toEqual({
      message: 'Country MDA (subgraph country_mda): Unknown indicator "X"',
      path: ['_entities', 0, 'observations'],
      extensions: { code: 'SUBGRAPH_ERROR', subgraphCode: 'UNKNOWN_INDICATOR', subgraph: 'country_mda', country: 'MDA' },
    });
  });
});

describe('a member whose database is gone', () => {
  it('says the data source is unavailable, with the member and no SQL', () => {
    const [error] = annotateResponseErrors(mda, [
      {
        message: 'data source unavailable: the database of this subgraph cannot be reached',
        path: ['_entities', 0, 'observations'],
        extensions: { code: 'DATA_SOURCE_UNAVAILABLE' },
      },
    ]);
    expect(error).toEqual({
      message: 'Country MDA (subgraph country_mda) is unavailable: its data source (database) cannot be reached',
      path: ['_entities', 0, 'observations'],
      extensions: {
        code: 'SUBGRAPH_UNAVAILABLE',
        subgraphCode: 'DATA_SOURCE_UNAVAILABLE',
        reason: 'DATA_SOURCE_UNAVAILABLE',
        subgraph: 'country_mda',
        country: 'MDA',
      },
    });
  });
});

describe('circuitOpenError', () => {
  it('names the member, how often it failed and when it is tried again', () => {
    const error = circuitOpenError(mda, 5, 9_200);
    expect(error.message).toBe(
      'Country MDA (subgraph country_mda) is unavailable: skipped after 5 failed requests in a row; the gateway tries it again in 10 s',
    );
    expect(error.extensions).toEqual({
      code: 'SUBGRAPH_CIRCUIT_OPEN',
      subgraph: 'country_mda',
      country: 'MDA',
      reason: 'CIRCUIT_OPEN',
      retryInMs: 9_200,
    });
  });
});
