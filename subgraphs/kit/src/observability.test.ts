import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { loggablePath, safeError, serviceLogger, setLogLevel, tapLogs } from './log.js';
import { applyObservability, readObservability } from './observability.js';
import { EnvReader } from './env.js';
import { serveSubgraph } from './serve.js';
import { acceptRequestId, currentRequestId, withRequestId } from './request-context.js';
import { addSpanProcessor, flushTraces, inSpan, SpanKind, startOtlpTracing, statementKind } from './tracing.js';

describe('request ids', () => {
  it('keeps a short plain id and replaces anything else by a new one', () => {
    expect(acceptRequestId('abc-12.3_x')).toBe('abc-12.3_x');
    expect(acceptRequestId(['first', 'second'])).toBe('first');
    for (const bad of [undefined, '', 'a b', 'line\nbreak', 'x'.repeat(65), '"quoted"', 'ünï']) {
      const made = acceptRequestId(bad);
      expect(made).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(made).not.toBe(acceptRequestId(bad));
    }
  });

  it('puts the id of the request being served in every log line logged for it', () => {
    const lines: string[] = [];
    const undo = tapLogs((l) => lines.push(l));
    const was = setLogLevel('info');
    try {
      const log = serviceLogger('country_mda');
      withRequestId('rq-1', () => log.info('inside'));
      log.info('outside');
    } finally {
      setLogLevel(was);
      undo();
    }
    const [inside, outside] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(inside).toMatchObject({ level: 'info', service: 'country_mda', requestId: 'rq-1', msg: 'inside' });
    expect(outside).not.toHaveProperty('requestId');
    expect(currentRequestId()).toBeUndefined();
  });
});

describe('loggablePath', () => {
  it("keeps where a request went, never the query's parameters", () => {
    expect(loggablePath('/graphql?query=%7Bx%7D&variables=%7B%22from%22%3A%222023%22%7D')).toBe('/graphql');
    expect(loggablePath('/sdmx/2.1/data/MIGFED,DF_MIGRATION,1.0/A.MDA.WORK_PERMITS_ISSUED?startPeriod=2023')).toBe('/sdmx/2.1/data');
    expect(loggablePath('/admin/imports?release=2024%20annual')).toBe('/admin/imports');
  });
});

describe('safeError: what of an error may be logged', () => {
  it("keeps a failed statement's text and SQLSTATE, never its parameters nor the server's message", () => {
    const cause = Object.assign(new Error('invalid input syntax for type integer: "48213"'), { severity: 'ERROR', code: '22P02' });
    const failed = Object.assign(new Error('Failed query: select * from observation where value = $1\nparams: 48213'), {
      name: 'DrizzleQueryError',
      query: 'select * from observation where value = $1',
      params: [48213],
      cause,
    });
    const logged = JSON.stringify(safeError(failed));
    expect(safeError(failed)).toEqual({
      type: 'DrizzleQueryError',
      statement: 'select * from observation where value = $1',
      code: '22P02',
    });
    expect(logged).not.toContain('48213');
    expect(safeError(cause)).toEqual({ type: 'Error', code: '22P02' });
  });

  it('keeps message and stack of a programming error', () => {
    const err = new TypeError('x is not a function');
    expect(safeError(err)).toMatchObject({
      type: 'TypeError',
      message: 'x is not a function',
      stack: expect.stringContaining('TypeError'),
    });
  });
});

describe('traces', () => {
  it('names SQL spans by what the statement does, never by its values', () => {
    expect(statementKind("select * from observation where country = 'MDA'")).toBe('SELECT');
    expect(statementKind('  /* plan */ -- note\n with x as (select 1) select * from x')).toBe('WITH');
    expect(statementKind('(select 1) union (select 2)')).toBe('SELECT');
    expect(statementKind('insert into draft values ($1, $2)')).toBe('INSERT');
    expect(statementKind('123')).toBe('SQL');
  });

  const collector: { paths: string[]; bodies: string[] } = { paths: [], bodies: [] };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      collector.paths.push(req.url ?? '');
      collector.bodies.push(body);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it('sends spans over OTLP/HTTP to the collector OTEL_EXPORTER_OTLP_ENDPOINT names', async () => {
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const was = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      startOtlpTracing('kit-test');
    } finally {
      if (was === undefined) delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
      else process.env.OTEL_EXPORTER_OTLP_ENDPOINT = was;
    }
    const seen: string[] = [];
    const undo = addSpanProcessor({
      onStart: () => {},
      onEnd: (s) => seen.push(s.name),
      forceFlush: async () => {},
      shutdown: async () => {},
    });
    await inSpan('fetch MDA', { 'migfed.subgraph': 'country_mda' }, SpanKind.CLIENT, async () => {});
    await flushTraces();
    undo();
    expect(seen).toEqual(['fetch MDA']);
    expect(collector.paths).toEqual(['/v1/traces']);
    expect(collector.bodies.join('')).toContain('fetch MDA');
    expect(collector.bodies.join('')).toContain('kit-test');
  });
});

describe('GET /metrics of a subgraph', () => {
  const schema = () => {
    // graphql's CommonJS copy, the one Apollo Server validates with.
    const { buildSchema } = createRequire(import.meta.url)('graphql') as typeof import('graphql');
    return buildSchema('type Query { hello: String }');
  };

  it('is served beside /health, and not at all with METRICS=0', async () => {
    for (const [METRICS, status] of [
      ['1', 200],
      ['0', 404],
    ] as const) {
      const config = readObservability(new EnvReader({ METRICS, LOG_LEVEL: 'warn' }));
      applyObservability(config, 'test');
      const server = await serveSubgraph({ name: 'country_mda', schema: schema(), context: async () => ({}), port: 0 });
      try {
        expect((await fetch(new URL('/health', server.url))).status).toBe(200);
        const res = await fetch(new URL('/metrics', server.url));
        expect(res.status).toBe(status);
        const health = (await res.text())
          .split('\n')
          .filter(
            (l) => l.startsWith('migfed_http_requests_total{') && l.includes('route="/health"') && l.includes('service="country_mda"'),
          );
        expect(health).toEqual(status === 200 ? [expect.stringMatching(/ 1$/)] : []);
      } finally {
        await server.stop();
      }
    }
    applyObservability(readObservability(new EnvReader({ LOG_LEVEL: 'warn' })), 'test');
  });
});
