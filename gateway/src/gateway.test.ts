import { composeSupergraph, countrySdl, subgraphName } from '@migfed/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway } from './gateway.js';
import { startGateway, type RunningGateway } from './server.js';
import { deadUrl, startCountry, startRawSubgraph, startRegistry, type FixtureSubgraph } from './testing/fixture-subgraphs.js';

// ARM answers, MDA is down, GEO is slower than the gateway's timeout, AZE rejects every request (HTTP 400).
const TIMEOUT_MS = 300;
const members = [
  { iso3: 'ARM', name: 'Armenia' },
  { iso3: 'MDA', name: 'Moldova' },
  { iso3: 'GEO', name: 'Georgia' },
  { iso3: 'AZE', name: 'Azerbaijan' },
];
const QUERY = `query ($iso3: [ID!], $indicator: ID!) {
  countries(iso3: $iso3) { iso3 name observations(indicator: $indicator) { period value } }
}`;

interface GraphQLBody {
  data?: { countries: { iso3: string; name: string; observations: { period: string; value: number }[] | null }[] } | null;
  errors?: { message: string; path?: unknown; extensions: Record<string, unknown> }[];
}

let gateway: RunningGateway;
const subgraphs: FixtureSubgraph[] = [];

async function query(iso3: string[], indicator = 'WORK_PERMITS_ISSUED') {
  const started = performance.now();
  const res = await fetch(gateway.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: QUERY, variables: { iso3, indicator } }),
  });
  return { status: res.status, body: (await res.json()) as GraphQLBody, ms: performance.now() - started };
}

beforeAll(async () => {
  const rejection = { errors: [{ message: 'Invalid period "2023-13": months run from 01 to 12', extensions: { code: 'BAD_USER_INPUT' } }] };
  subgraphs.push(
    await startRegistry(members),
    await startCountry('ARM', {
      observations: [
        { period: '2022', value: 1200 },
        { period: '2023', value: 1350 },
      ],
    }),
    await startCountry('GEO', { delayMs: 3000 }),
    { ...(await startRawSubgraph(subgraphName.country('AZE'), 400, rejection)), typeDefs: countrySdl('AZE') },
  );
  const mda = { name: subgraphName.country('MDA'), url: await deadUrl(), typeDefs: countrySdl('MDA') };
  const composed = composeSupergraph([...subgraphs, mda]);
  if (composed.errors) throw new Error(composed.errors.join('\n'));
  gateway = await startGateway({ supergraphSdl: composed.supergraphSdl, port: 0, subgraphTimeoutMs: TIMEOUT_MS, explorer: false });
});

afterAll(async () => {
  await gateway?.stop();
  await Promise.all(subgraphs.map((s) => s.stop()));
});

describe('a member that is down, slow or failing costs only its own part of the answer', () => {
  it('answers HTTP 200 with the other members’ data when a country subgraph is down, naming the country', async () => {
    const { status, body } = await query(['ARM', 'MDA']);
    expect(status).toBe(200);
    expect(body.data?.countries).toEqual([
      {
        iso3: 'ARM',
        name: 'Armenia',
        observations: [
          { period: '2022', value: 1200 },
          { period: '2023', value: 1350 },
        ],
      },
      { iso3: 'MDA', name: 'Moldova', observations: null },
    ]);
    expect(body.errors).toHaveLength(1);
    // The reason in words; the member's address stays in the gateway's log.
    expect(body.errors![0]!.message).toBe('Country MDA (subgraph country_mda) is unavailable: connection refused');
    expect(JSON.stringify(body)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED \d/);
    expect(body.errors![0]!.extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', country: 'MDA', subgraph: 'country_mda' });
  });

  it('cuts a slow country at the timeout and reports SUBGRAPH_TIMEOUT with the country', async () => {
    const { status, body, ms } = await query(['ARM', 'GEO']);
    expect(status).toBe(200);
    expect(ms).toBeLessThan(2000); // GEO takes 3 s
    expect(body.data?.countries.map((c) => [c.iso3, c.observations === null])).toEqual([
      ['ARM', false],
      ['GEO', true],
    ]);
    expect(body.errors).toEqual([
      {
        message: `Country GEO (subgraph country_geo) did not answer within ${TIMEOUT_MS} ms`,
        extensions: { code: 'SUBGRAPH_TIMEOUT', country: 'GEO', subgraph: 'country_geo', reason: 'TIMEOUT' },
      },
    ]);
  });

  it('surfaces the real reason when a subgraph answers HTTP 400, not just "400: Bad Request"', async () => {
    const { status, body } = await query(['AZE']);
    expect(status).toBe(200);
    expect(body.data?.countries).toEqual([{ iso3: 'AZE', name: 'Azerbaijan', observations: null }]);
    expect(body.errors![0]!.message).toBe(
      'Country AZE (subgraph country_aze) answered HTTP 400: Invalid period "2023-13": months run from 01 to 12',
    );
    expect(body.errors![0]!.extensions).toMatchObject({
      code: 'SUBGRAPH_ERROR',
      country: 'AZE',
      subgraphCode: 'BAD_USER_INPUT',
      httpStatus: 400,
    });
  });

  it('annotates GraphQL errors from a country and never passes on its stack trace', async () => {
    const { body } = await query(['ARM'], 'NO_SUCH_INDICATOR');
    expect(body.data?.countries).toEqual([{ iso3: 'ARM', name: 'Armenia', observations: null }]);
    expect(body.errors![0]!.message).toBe('Country ARM (subgraph country_arm): Unknown indicator "NO_SUCH_INDICATOR"');
    expect(body.errors![0]!.extensions).toMatchObject({ code: 'SUBGRAPH_ERROR', subgraphCode: 'UNKNOWN_INDICATOR', country: 'ARM' });
    expect(JSON.stringify(body)).not.toMatch(/stacktrace|at .*\.(js|ts):\d+/);
  });
});

describe('/health', () => {
  it('lists the subgraphs of the supergraph, with the member each one serves', async () => {
    const res = await fetch(`${gateway.url}/health`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; subgraphs: { name: string; country?: string }[] };
    expect(body.status).toBe('ok');
    expect(body.subgraphs.map((s) => s.name).sort()).toEqual(['country_arm', 'country_aze', 'country_geo', 'country_mda', 'registry']);
    expect(body.subgraphs.find((s) => s.name === 'country_mda')?.country).toBe('MDA');
  });

  it('with ?probe=1 says which subgraphs answer, quickly', async () => {
    const started = performance.now();
    const body = (await (await fetch(`${gateway.url}/health?probe=1`)).json()) as {
      status: string;
      subgraphs: { name: string; up: boolean }[];
    };
    expect(performance.now() - started).toBeLessThan(1500);
    expect(body.status).toBe('degraded');
    const up = Object.fromEntries(body.subgraphs.map((s) => [s.name, s.up]));
    expect(up).toEqual({ registry: true, country_arm: true, country_geo: true, country_mda: false, country_aze: false });
  });
});

describe('createGateway', () => {
  it('turns Apollo usage telemetry off whatever the caller’s environment says', () => {
    const before = process.env.APOLLO_TELEMETRY_DISABLED;
    process.env.APOLLO_TELEMETRY_DISABLED = 'false';
    try {
      createGateway({ supergraphSdl: 'unused until load()', subgraphTimeoutMs: 1000 });
      expect(process.env.APOLLO_TELEMETRY_DISABLED).toBe('1');
    } finally {
      process.env.APOLLO_TELEMETRY_DISABLED = before;
    }
  });
});
