// Property-based fuzz (fast-check) of the gateway's request handling, through the real gateway to
// real members on a real PostgreSQL: random documents (from garbage to near-valid queries with
// aliases, fragments, introspection, mutations, many operations), random variables (deep, NUL
// bytes, huge lists) and random bodies and methods. Whatever arrives: never a 5xx, never a hang,
// never a stack or an internal address, and the gateway's memory stays bounded.
import { randomBytes } from 'node:crypto';
import { seedCountry } from '@migfed/subgraph-country';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workPermits } from '../fixtures/observations.js';
import { type MigratedDatabase, migratedDatabase } from '../harness/databases.js';
import { startFaultStack } from '../harness/fault-stack.js';

const LEAKS = /127\.0\.0\.1|localhost:\d|postgres:\/\/|Failed query|stacktrace|\.[jt]s:\d+|node_modules| {4}at /i;
/** Longest any one answer may take: the subgraph timeout plus room for a loaded machine. */
const ANSWER_WITHIN_MS = 15_000;

const names = fc.constantFrom(
  'countries',
  'country',
  'indicators',
  'indicator',
  'region',
  'iso3',
  'name',
  'observations',
  'metadata',
  'documents',
  'period',
  'value',
  'status',
  'dimensions',
  'code',
  'dimension',
  'codelist',
  'codes',
  'id',
  '__typename',
  '__schema',
  '__type',
  'types',
  'fields',
  'ofType',
  'kind',
  'args',
  'nope',
);
const scalar = fc.oneof(
  fc.constantFrom('"WORK_PERMITS_ISSUED"', '"MDA"', '"2023"', '"0000-01-01T00:00:00Z"', '"\\u0000"', '"_T"', 'true', 'null', '1e999', '-1'),
  fc.string({ maxLength: 12 }).map((s) => JSON.stringify(s)),
  fc.integer().map(String),
);
const argument = fc
  .tuple(
    fc.constantFrom('indicator', 'iso3', 'from', 'to', 'asOf', 'filter', 'code', 'name', 'limit', 'x'),
    fc.oneof(
      scalar,
      fc.array(scalar, { maxLength: 4 }).map((a) => `[${a.join(', ')}]`),
      fc.constantFrom('$v', '$filter', '[{ dimension: "SEX", codes: ["F", "M"] }]'),
    ),
  )
  .map(([n, v]) => `${n}: ${v}`);

const { selection } = fc.letrec<{ selection: string; field: string }>((tie) => ({
  field: fc
    .tuple(
      fc.option(fc.constantFrom('a', 'b', 'c1'), { nil: undefined }),
      names,
      fc.array(argument, { maxLength: 2 }),
      fc.option(tie('selection'), { nil: undefined, depthSize: 'small' }),
    )
    .map(([alias, name, args, sub]) => `${alias ? `${alias}: ` : ''}${name}${args.length ? `(${args.join(', ')})` : ''}${sub ?? ''}`),
  selection: fc
    .array(fc.oneof(tie('field'), fc.constant('...F'), fc.constant('... on MDA { iso3 }')), { minLength: 1, maxLength: 4 })
    .map((fields) => `{ ${fields.join(' ')} }`),
}));

const document = fc.oneof(
  fc
    .tuple(
      fc.constantFrom(
        '',
        'query',
        'query Q($v: String, $filter: [DimensionFilter!])',
        'mutation',
        'subscription',
        'query A',
        'query A query B',
      ),
      selection,
      fc.option(
        selection.map((s) => ` fragment F on Query ${s}`),
        { nil: '' },
      ),
      fc.nat({ max: 3 }),
    )
    .map(([head, sel, fragment, copies]) => Array.from({ length: copies + 1 }, () => `${head} ${sel}`).join('\n') + fragment),
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.nat({ max: 600 }).map((n) => `{ ${Array.from({ length: n }, (_, i) => `s${i}: __schema { queryType { name } }`).join(' ')} }`),
);

/** Variables as JSON text: ordinary values, NUL bytes, lists past the limits, nesting thousands deep. */
const variablesText = fc.oneof(
  fc.json({ maxDepth: 4 }),
  fc.constantFrom('{"v":"\\u0000"}', '{"filter":[{"dimension":"SEX","codes":["F","M\\u0000"]}]}', '"not an object"', '[]', 'null'),
  fc.nat({ max: 6000 }).map((n) => `{"v":${'['.repeat(n)}1${']'.repeat(n)}}`),
  fc
    .nat({ max: 2000 })
    .map((n) => `{"filter":[{"dimension":"CITIZENSHIP","codes":[${Array.from({ length: n }, () => '"UKR"').join(',')}]}]}`),
);

type Shot = { method: 'GET' | 'POST'; contentType: string; body?: string | Uint8Array; query?: string };
const shot: fc.Arbitrary<Shot> = fc.oneof(
  fc
    .tuple(document, variablesText, fc.option(fc.constantFrom('Q', 'A', 'B', '\u0000', ''), { nil: undefined }))
    .map(([query, variables, operationName]) => ({
      method: 'POST' as const,
      contentType: 'application/json',
      body: `{"query":${JSON.stringify(query)},"variables":${variables}${operationName === undefined ? '' : `,"operationName":${JSON.stringify(operationName)}`}}`,
    })),
  fc
    .array(
      document.map((query) => ({ query })),
      { maxLength: 600 },
    )
    .map((ops) => ({ method: 'POST' as const, contentType: 'application/json', body: JSON.stringify(ops) })),
  fc.uint8Array({ maxLength: 2000 }).map((body) => ({ method: 'POST' as const, contentType: 'application/json', body })),
  fc.json({ maxDepth: 5 }).map((body) => ({ method: 'POST' as const, contentType: 'application/json', body })),
  fc
    .tuple(document, fc.constantFrom('application/json', 'text/plain', 'application/graphql-response+json'))
    .map(([query, contentType]) => ({ method: 'GET' as const, contentType, query: `query=${encodeURIComponent(query)}` })),
);

describe('fuzzing the gateway’s request handling', () => {
  let db: MigratedDatabase;
  let stack: Awaited<ReturnType<typeof startFaultStack>>;

  beforeAll(async () => {
    db = await migratedDatabase('fuzz_gateway_requests');
    for (const iso3 of ['ARM', 'MDA']) await seedCountry(db.handle.db, iso3, workPermits(1000, [2022, 2023]));
    stack = await startFaultStack({
      databaseUrl: db.url,
      handle: db.handle,
      members: ['ARM', 'MDA'],
      signingSecret: randomBytes(32).toString('base64url'),
      subgraphTimeoutMs: 5000,
      protection: { rateLimit: false },
    });
  });
  afterAll(async () => {
    await stack?.stop();
    await db?.close();
  });

  it('never answers 5xx, never hangs, never shows internals, and keeps its memory', async () => {
    const before = process.memoryUsage().rss;
    let peak = before;
    await fc.assert(
      fc.asyncProperty(shot, async (s) => {
        const url = s.query ? `${stack.gatewayUrl}?${s.query}` : stack.gatewayUrl;
        const res = await fetch(url, {
          method: s.method,
          headers: { 'content-type': s.contentType, 'apollo-require-preflight': 'true', accept: 'application/json' },
          ...(s.body !== undefined ? { body: s.body } : {}),
          signal: AbortSignal.timeout(ANSWER_WITHIN_MS),
        });
        const text = await res.text();
        expect(res.status, text.slice(0, 300)).toBeLessThan(500);
        expect(text.slice(0, 100_000)).not.toMatch(LEAKS);
        peak = Math.max(peak, process.memoryUsage().rss);
      }),
      { numRuns: 250, interruptAfterTimeLimit: 120_000 },
    );
    // The gateway, both members and this test share the process: a bomb that got through would
    // cost hundreds of MiB (one 54 MB answer alone parses to several times that).
    expect((peak - before) / 1024 / 1024).toBeLessThan(400);
    // And it still serves an ordinary query afterwards.
    const ok = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ countries { iso3 } }' }),
    });
    expect(ok.status).toBe(200);
  }, 240_000);
});
