// A client's mistakes and oversized requests at the gateway's door, through a real gateway over
// tiny real subgraphs: each gets a 4xx with a message naming what is wrong, never a 500; the
// explorer's introspection query still passes and the introspection bomb does not.
import { randomBytes } from 'node:crypto';
import { composeSupergraph } from '@migfed/schema';
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countTokens, jsonDepth, jsonTextDepth } from './request-guards.js';
import { startGateway, type RunningGateway } from './server.js';
import { startCountry, startRegistry, type FixtureSubgraph } from './testing/fixture-subgraphs.js';

let gateway: RunningGateway;
let small: RunningGateway;
const subgraphs: FixtureSubgraph[] = [];
const quiet = { info: () => {}, warn: () => {}, error: () => {} };

async function post(body: string, url = gateway.graphqlUrl) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const text = await res.text();
  return {
    status: res.status,
    text,
    body: JSON.parse(text) as { data?: unknown; errors?: { message: string; extensions: Record<string, unknown> }[] },
  };
}
const json = (value: unknown) => JSON.stringify(value);

beforeAll(async () => {
  subgraphs.push(await startRegistry([{ iso3: 'ARM', name: 'Armenia' }]), await startCountry('ARM'));
  const composed = composeSupergraph(subgraphs);
  if (composed.errors) throw new Error(composed.errors.join('\n'));
  const common = { supergraphSdl: composed.supergraphSdl, port: 0, explorer: false, reports: false, rateLimit: false, log: quiet } as const;
  // The response cache on: its key used to overflow the stack on deeply nested variables.
  gateway = await startGateway({ ...common, signingSecret: randomBytes(32).toString('base64url'), responseCache: { maxAgeS: 60 } });
  small = await startGateway({ ...common, limits: { maxResponseBytes: 4096 } });
});
afterAll(async () => {
  await Promise.all([gateway?.stop(), small?.stop()]);
  await Promise.all(subgraphs.map((s) => s.stop()));
});

describe("a client's mistakes get a 4xx that says what is wrong", () => {
  it('a mutation: the gateway answers queries only', async () => {
    const { status, body } = await post(json({ query: 'mutation { publishRelease(id: 1) { id } }' }));
    expect(status).toBe(400);
    expect(body.errors?.[0]).toMatchObject({ extensions: { code: 'OPERATION_NOT_ALLOWED' } });
    expect(body.errors?.[0]?.message).toMatch(/answers queries only, not a mutation/);
  });

  it('500 operations in a batched array', async () => {
    const { status, body } = await post(json(Array.from({ length: 500 }, () => ({ query: '{ countries { iso3 } }' }))));
    expect(status).toBe(400);
    expect(body.errors?.[0]?.message).toBe(
      'The body is a list of 500 operations; the gateway takes one operation per request: send them one by one',
    );
  });

  it('a document of many operations and no operationName', async () => {
    const query = Array.from({ length: 500 }, (_, i) => `query Q${i} { countries { iso3 } }`).join('\n');
    const { status, body } = await post(json({ query }));
    expect(status).toBe(400);
    expect(body.errors?.[0]?.message).toBe('The document has 500 operations; say which one to run with operationName');
  });

  it('variables nested 5,000 levels (built as text: JSON.stringify itself would overflow)', async () => {
    const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    const { status, body } = await post(`{"query":"query ($f: [DimensionFilter!]) { countries { iso3 } }","variables":{"f":${deep}}}`);
    expect(status).toBe(400);
    expect(body.errors?.[0]?.message).toMatch(/nests its JSON more than 32 levels deep/);
    const asText = await post(json({ query: '{ countries { iso3 } }', variables: `{"f":${deep}}` }));
    expect(asText.status).toBe(400);
  });

  it('a NUL byte in an argument, literal or variable, named by where it is', async () => {
    const literal = await post(json({ query: '{ countries(iso3: ["AR\\u0000M"]) { iso3 } }' }));
    expect(literal.status).toBe(400);
    expect(literal.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', path: 'query' } });
    const variable = await post(
      json({
        query: 'query ($f: [DimensionFilter!]) { countries { iso3 } }',
        variables: { f: [{ dimension: 'SEX', codes: ['F', 'M\u0000'] }] },
      }),
    );
    expect(variable.status).toBe(400);
    expect(variable.body.errors?.[0]?.message).toBe(
      'variables.f[0].codes[1] contains a NUL character (\\u0000), which no value of this graph may hold',
    );
  });

  it('too many tokens in the document, before it is parsed', async () => {
    const query = `{ countries { ${Array.from({ length: 6000 }, () => 'iso3').join(' ')} } }`;
    const { status, body } = await post(json({ query }));
    expect(status).toBe(400);
    expect(body.errors?.[0]).toMatchObject({ extensions: { code: 'TOO_MANY_TOKENS', limit: 5000 } });
  });
});

describe('introspection has a budget of its own', () => {
  it("passes the explorer's introspection query", async () => {
    const { status, body } = await post(json({ query: getIntrospectionQuery() }));
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
  });

  it('refuses 400 aliases of __schema with a deep fragment at the door, quickly and small', async () => {
    const fragment = `fragment Deep on __Type { name ${'ofType { name '.repeat(30)}${'}'.repeat(30)} fields { type { fields { type { name } } } } }`;
    const aliases = Array.from({ length: 400 }, (_, i) => `s${i}: __schema { types { ...Deep } }`).join(' ');
    const started = performance.now();
    const { status, body, text } = await post(json({ query: `{ ${aliases} } ${fragment}` }));
    expect(status).toBe(400);
    expect(body.errors?.[0]).toMatchObject({ extensions: { code: 'INTROSPECTION_TOO_LARGE', limit: 1, found: 400 } });
    expect(text.length).toBeLessThan(1000);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('refuses one __schema that nests lists to multiply its answer, or goes too deep', async () => {
    const lists = await post(json({ query: '{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }' }));
    expect(lists.status).toBe(400);
    expect(lists.body.errors?.[0]?.message).toMatch(/introspection/i);
    const deep = await post(json({ query: `{ __schema { queryType { ${'ofType { '.repeat(20)}name${' }'.repeat(20)} } } }` }));
    expect(deep.status).toBe(400);
    expect(deep.body.errors?.[0]?.message).toMatch(/^The introspection goes 2\d levels deep; at most 15/);
  });

  it('bounds the size of an answer: a larger one is replaced by RESPONSE_TOO_LARGE', async () => {
    const { status, body } = await post(json({ query: getIntrospectionQuery() }), small.graphqlUrl);
    expect(status).toBe(400);
    expect(body.errors?.[0]).toMatchObject({ extensions: { code: 'RESPONSE_TOO_LARGE', limit: 4096 } });
    expect(body.errors?.[0]?.message).toMatch(/^The answer would be [\d.]+ MiB, more than the 0.0 MiB one request may get/);
    expect((await post(json({ query: '{ countries { iso3 } }' }), small.graphqlUrl)).status).toBe(200);
  });
});

describe('measuring without recursion', () => {
  it('measures JSON depth of values and of text far past the stack', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    expect(jsonDepth(deep)).toBe(33);
    expect(jsonDepth({ a: [{ b: 'x' }] })).toBe(3);
    expect(jsonTextDepth(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)).toBe(33);
    expect(jsonTextDepth('{"a":"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}')).toBe(1);
  });

  it('counts tokens up to the limit', () => {
    expect(countTokens('{ countries { iso3 } }', 100)).toBe(6);
    expect(countTokens('{ a b c d e f g }', 3)).toBe(4);
  });
});
