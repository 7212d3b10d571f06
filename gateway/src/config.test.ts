import { supergraphPath } from '@migfed/schema';
import { describe, expect, it } from 'vitest';
import { parseConfig } from './config.js';

const defaults = {
  port: 4000,
  host: '0.0.0.0',
  region: 'dsm',
  supergraphPath: supergraphPath('dsm'),
  subgraphTimeoutMs: 5000,
  composeAtStart: false,
  signingSecret: undefined,
  circuitBreaker: { failureThreshold: 5, coolDownMs: 10_000 },
  limits: {
    maxDepth: 10,
    maxAliases: 30,
    maxListSize: 500,
    maxCost: 40_000_000,
    maxOperationBytes: 32_768,
    maxTokens: 5_000,
    maxIntrospectionDepth: 15,
    maxResponseBytes: 33_554_432,
  },
  rateLimit: { perSecond: 20, burst: 100 },
  trustProxy: 0,
  shutdownGraceMs: 30_000,
  performance: { responseCacheMaxAgeS: 300, responseCacheMaxMiB: 64, cacheControlMaxAgeS: 60, dedupeSubgraphFetches: true },
  observability: { logLevel: 'info', metrics: true, otlpEndpoint: undefined, otelServiceName: undefined },
};
const SECRET = 'a-test-secret-that-is-long-enough-0123456789';

describe('parseConfig', () => {
  it.each([
    ['nothing set', {}, defaults],
    [
      'port, host and timeout',
      { PORT: '8080', HOST: '127.0.0.1', SUBGRAPH_TIMEOUT_MS: '2000' },
      { ...defaults, port: 8080, host: '127.0.0.1', subgraphTimeoutMs: 2000 },
    ],
    ['PORT=0 (any free port)', { PORT: '0' }, { ...defaults, port: 0 }],
    [
      'another region: its committed supergraph',
      { REGION: 'siemmes' },
      { ...defaults, region: 'siemmes', supergraphPath: supergraphPath('siemmes') },
    ],
    [
      'an explicit supergraph file',
      { SUPERGRAPH_PATH: supergraphPath('siemmes') },
      { ...defaults, supergraphPath: supergraphPath('siemmes') },
    ],
    [
      'COMPOSE_AT_START=1 needs no file',
      { COMPOSE_AT_START: '1', SUPERGRAPH_PATH: '/nowhere.graphql' },
      { ...defaults, composeAtStart: true, supergraphPath: '/nowhere.graphql' },
    ],
    ['COMPOSE_AT_START=false', { COMPOSE_AT_START: 'false' }, defaults],
    ['empty values count as unset', { PORT: '', REGION: ' ' }, defaults],
    ['a signing secret', { SUBGRAPH_SIGNING_SECRET: SECRET }, { ...defaults, signingSecret: SECRET }],
    [
      'performance settings',
      { RESPONSE_CACHE_MAX_AGE_S: '0', RESPONSE_CACHE_MAX_MB: '8', CACHE_CONTROL_MAX_AGE_S: '10', DEDUPE_SUBGRAPH_FETCHES: '0' },
      {
        ...defaults,
        performance: { responseCacheMaxAgeS: 0, responseCacheMaxMiB: 8, cacheControlMaxAgeS: 10, dedupeSubgraphFetches: false },
      },
    ],
    [
      'logs, metrics and traces',
      { LOG_LEVEL: 'debug', METRICS: 'off', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SERVICE_NAME: 'gw-1' },
      {
        ...defaults,
        observability: { logLevel: 'debug', metrics: false, otlpEndpoint: 'http://collector:4318', otelServiceName: 'gw-1' },
      },
    ],
    [
      'protection settings',
      {
        CIRCUIT_BREAKER_FAILURES: '0',
        CIRCUIT_BREAKER_COOLDOWN_MS: '500',
        MAX_QUERY_DEPTH: '6',
        MAX_QUERY_ALIASES: '5',
        MAX_LIST_SIZE: '50',
        MAX_QUERY_COST: '1000',
        MAX_OPERATION_BYTES: '4096',
        MAX_QUERY_TOKENS: '800',
        MAX_INTROSPECTION_DEPTH: '16',
        MAX_RESPONSE_BYTES: '1048576',
        RATE_LIMIT_PER_SECOND: '0',
        RATE_LIMIT_BURST: '10',
        TRUST_PROXY: '1',
      },
      {
        ...defaults,
        circuitBreaker: { failureThreshold: 0, coolDownMs: 500 },
        limits: {
          maxDepth: 6,
          maxAliases: 5,
          maxListSize: 50,
          maxCost: 1000,
          maxOperationBytes: 4096,
          maxTokens: 800,
          maxIntrospectionDepth: 16,
          maxResponseBytes: 1_048_576,
        },
        rateLimit: { perSecond: 0, burst: 10 },
        trustProxy: 1,
      },
    ],
  ])('%s', (_case, env, expected) => {
    expect(parseConfig(env)).toEqual({ config: expected });
  });

  it.each([
    ['PORT not a number', { PORT: 'http' }, ['PORT must be a whole number from 0 to 65535, got "http"']],
    ['PORT out of range', { PORT: '70000' }, ['PORT must be a whole number from 0 to 65535, got "70000"']],
    ['SUBGRAPH_TIMEOUT_MS zero', { SUBGRAPH_TIMEOUT_MS: '0' }, ['SUBGRAPH_TIMEOUT_MS must be a whole number from 1 to 600000, got "0"']],
    [
      'SUBGRAPH_TIMEOUT_MS with a unit',
      { SUBGRAPH_TIMEOUT_MS: '5s' },
      ['SUBGRAPH_TIMEOUT_MS must be a whole number from 1 to 600000, got "5s"'],
    ],
    [
      'COMPOSE_AT_START not a boolean',
      { COMPOSE_AT_START: 'maybe' },
      ['COMPOSE_AT_START must be 1/0, true/false, yes/no or on/off, got "maybe"'],
    ],
    ['unknown region', { REGION: 'atlantis' }, ['REGION must be one of dsm, siemmes, got "atlantis"']],
    [
      'a short signing secret',
      { SUBGRAPH_SIGNING_SECRET: 'secret' },
      ['SUBGRAPH_SIGNING_SECRET must be at least 32 characters (e.g. `openssl rand -base64 48`), got 6'],
    ],
    ['a hexadecimal PORT', { PORT: '0x10' }, ['PORT must be a whole number from 0 to 65535, got "0x10"']],
    ['a depth of 0', { MAX_QUERY_DEPTH: '0' }, ['MAX_QUERY_DEPTH must be a whole number from 1 to 100, got "0"']],
    [
      'missing supergraph file',
      { SUPERGRAPH_PATH: '/nowhere.graphql' },
      [expect.stringMatching(/^SUPERGRAPH_PATH: no supergraph file at \/nowhere\.graphql/)],
    ],
  ])('rejects %s', (_case, env, errors) => {
    expect(parseConfig(env)).toEqual({ errors });
  });

  it('reports every bad variable at once', () => {
    const { errors } = parseConfig({ PORT: '-1', SUBGRAPH_TIMEOUT_MS: 'soon', REGION: 'atlantis' });
    expect(errors?.map((e) => e.split(' ')[0])).toEqual(['PORT', 'SUBGRAPH_TIMEOUT_MS', 'REGION']);
  });

  it('reads on/off like the subgraphs do', () => {
    expect(parseConfig({ COMPOSE_AT_START: 'on', DEDUPE_SUBGRAPH_FETCHES: 'off' }).config).toMatchObject({
      composeAtStart: true,
      performance: { dedupeSubgraphFetches: false },
    });
  });
});
