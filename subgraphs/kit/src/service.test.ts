import { describe, expect, it } from 'vitest';
import { EnvReader } from './env.js';
import { readServiceConfig } from './service.js';

describe('readServiceConfig', () => {
  it('gives every subgraph the same defaults, with its own port and data folder', () => {
    const r = new EnvReader({});
    expect(readServiceConfig(r, { port: 4101, dataDir: '.data/x' })).toEqual({
      port: 4101,
      host: '0.0.0.0',
      databaseUrl: undefined,
      dataDir: '.data/x',
      signingKey: undefined,
      signatureMaxSkewMs: 60_000,
      shutdownGraceMs: 30_000,
      logLevel: 'info',
      metrics: true,
      otlpEndpoint: undefined,
      otelServiceName: undefined,
    });
    expect(r.problems).toEqual([]);
  });

  it('reads the observability settings, refusing an unknown log level and a collector that is not a URL', () => {
    const ok = new EnvReader({ LOG_LEVEL: 'WARN', METRICS: 'off', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' });
    expect(readServiceConfig(ok, { port: 1, dataDir: 'd' })).toMatchObject({
      logLevel: 'warn',
      metrics: false,
      otlpEndpoint: 'http://collector:4318',
    });
    expect(ok.problems).toEqual([]);
    const bad = new EnvReader({ LOG_LEVEL: 'loud', OTEL_EXPORTER_OTLP_ENDPOINT: 'collector' });
    readServiceConfig(bad, { port: 1, dataDir: 'd' });
    expect(bad.problems.join('\n')).toMatch(/OTEL_EXPORTER_OTLP_ENDPOINT must be a URL[\s\S]*LOG_LEVEL must be one of fatal, error/);
  });

  it('collects every problem, a weak signing key and the master secret included, for one error', () => {
    const r = new EnvReader({
      PORT: 'eighty',
      SIGNATURE_MAX_SKEW_S: '0',
      SUBGRAPH_SIGNING_KEY: 'short',
      SUBGRAPH_SIGNING_SECRET: 'm'.repeat(40),
      DATABASE_URL: 'postgres://h/db',
    });
    const config = readServiceConfig(r, { port: 4001, dataDir: '.data/y' });
    expect(config).toMatchObject({ port: 4001, databaseUrl: 'postgres://h/db', signatureMaxSkewMs: 60_000 });
    expect(r.problems).toHaveLength(4);
    expect(r.problems.join('\n')).toMatch(
      /PORT must be a whole number[\s\S]*SIGNATURE_MAX_SKEW_S must be a whole number[\s\S]*SUBGRAPH_SIGNING_KEY must be at least 32[\s\S]*SUBGRAPH_SIGNING_SECRET is the gateway's master secret and must not be given to a subgraph/,
    );
    expect(() => r.done('test subgraph')).toThrow(/test subgraph: invalid configuration/);
  });
});
