// Limits on public queries through a real gateway over tiny real subgraphs: each refusal
// is HTTP 400 (413 for size) with its own code, and introspection still works for the explorer.
import { composeSupergraph } from '@migfed/schema';
import { getIntrospectionQuery, parse, type OperationDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureQuery } from './query-shape.js';
import { startGateway, type RunningGateway } from './server.js';
import { startCountry, startRegistry, type FixtureSubgraph } from './testing/fixture-subgraphs.js';

const members = [
  { iso3: 'ARM', name: 'Armenia' },
  { iso3: 'GEO', name: 'Georgia' },
];
const LIMITS = { maxDepth: 5, maxAliases: 3, maxListSize: 5, maxCost: 400, maxOperationBytes: 4000 };
let gateway: RunningGateway;
const subgraphs: FixtureSubgraph[] = [];

async function post(body: unknown, contentType = 'application/json') {
  const res = await fetch(gateway.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    text,
    body: JSON.parse(text) as { data?: unknown; errors?: { message: string; extensions: Record<string, unknown> }[] },
  };
}

beforeAll(async () => {
  subgraphs.push(await startRegistry(members), await startCountry('ARM'), await startCountry('GEO'));
  const composed = composeSupergraph(subgraphs);
  if (composed.errors) throw new Error(composed.errors.join('\n'));
  gateway = await startGateway({
    supergraphSdl: composed.supergraphSdl,
    port: 0,
    explorer: false,
    reports: false,
    limits: LIMITS,
    rateLimit: false,
  });
});
afterAll(async () => {
  await gateway?.stop();
  await Promise.all(subgraphs.map((s) => s.stop()));
});

describe('limits on public queries', () => {
  it('serves an ordinary report', async () => {
    const { status, body } = await post({ query: '{ countries { iso3 observations(indicator: "X") { period value } } }' });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
  });

  it('keeps introspection open for the explorer, however deep it is', async () => {
    const { status, body } = await post({ query: getIntrospectionQuery() });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
  });

  it.each([
    [
      'depth',
      '{ countries { observations(indicator: "X") { dimensions { territory { member { iso3 } } } } } }',
      'QUERY_TOO_DEEP',
      /^The query is 6 levels deep; at most 5 are allowed/,
    ],
    [
      'aliases',
      '{ a: countries { iso3 } b: countries { iso3 } c: countries { iso3 } d: countries { iso3 } }',
      'TOO_MANY_ALIASES',
      /^The query uses 4 aliases; at most 3/,
    ],
    [
      'a long list literal',
      '{ countries(iso3: ["A","B","C","D","E","F"]) { iso3 } }',
      'LIST_TOO_LONG',
      /^countries\(iso3:\) has 6 items; at most 5/,
    ],
    [
      'cost',
      '{ countries { observations(indicator: "WORK_PERMITS_ISSUED", from: "2000", to: "2024") { period value status release indicator dimensions { code } } } }',
      'QUERY_TOO_COSTLY',
      /^The query would cost \d+, more than the 400 allowed/,
    ],
  ])('refuses too much %s with HTTP 400 and its code', async (_what, query, code, message) => {
    const { status, body } = await post({ query });
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions.code).toBe(code);
    expect(body.errors?.[0]?.message).toMatch(message);
  });

  it('counts lists given in variables, nested in input objects', async () => {
    const query = 'query ($f: [DimensionFilter!]) { countries { observations(indicator: "X", filter: $f) { value } } }';
    const { status, body } = await post({ query, variables: { f: [{ dimension: 'SEX', codes: ['F', 'M', '_T', '_U', '_O', '_Z'] }] } });
    expect(status).toBe(400);
    expect(body.errors?.[0]).toMatchObject({
      message: 'observations(filter:) has 6 items; at most 5 are allowed',
      extensions: { code: 'LIST_TOO_LONG' },
    });
  });

  it('refuses an oversized operation before parsing it (HTTP 413)', async () => {
    const { status, body } = await post({ query: `{ countries { iso3 } } # ${'x'.repeat(5000)}` });
    expect(status).toBe(413);
    expect(body.errors?.[0]?.extensions.code).toBe('OPERATION_TOO_LARGE');
  });

  it('answers a body that is not JSON with a GraphQL error, not an HTML stack trace', async () => {
    const { status, text } = await post('{"query": "{ countries', 'application/json');
    expect(status).toBe(400);
    expect(JSON.parse(text)).toMatchObject({ errors: [{ extensions: { code: 'BAD_REQUEST' } }] });
    expect(text).not.toMatch(/<html|at .*\.js:\d+|node_modules/i);
  });
});

describe('measureQuery', () => {
  const measure = (query: string, variables?: Record<string, unknown>) => {
    const doc = parse(query);
    return measureQuery(doc, doc.definitions.find((d) => d.kind === 'OperationDefinition') as OperationDefinitionNode, variables);
  };

  it('follows fragments for depth, and skips introspection', () => {
    expect(measure('{ a { ...F } } fragment F on A { b { c } }').depth).toBe(3);
    expect(measure('{ __schema { types { fields { type { ofType { ofType { name } } } } } } a }').depth).toBe(1);
  });

  it('stops a fragment bomb instead of expanding it', () => {
    const defs = Array.from({ length: 30 }, (_, i) => `fragment F${i} on Q { ...F${i + 1} ...F${i + 1} }`).join('\n');
    const shape = measure(`{ ...F0 } ${defs} fragment F30 on Q { a }`);
    expect(shape.tooLarge).toBe(true);
  });

  it('counts __schema through fragments spread in fragments, without expanding them', () => {
    const defs = Array.from({ length: 40 }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`).join('\n');
    const shape = measure(`{ ...F0 } ${defs} fragment F40 on Query { __schema { queryType { name } } }`);
    expect(shape.introspection.schema).toBe(2 ** 40);
  });

  it('treats limit/first arguments as list sizes', () => {
    expect(measure('query ($n: Int) { a { changes(limit: $n) { b } } }', { n: 5000 }).longestList).toEqual({
      size: 5000,
      argument: 'changes(limit:)',
    });
  });
});
