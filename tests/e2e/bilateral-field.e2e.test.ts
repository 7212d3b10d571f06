// end to end: the `bilateralMatrix` field of the federated graph, through the real gateway over
// real member subgraphs on PostgreSQL (each behind an HTTP hop that counts the gateway's requests),
// requests signed, the response cache on, UNHCR's real release 2025.12.1 imported. The field must
// give the matrix the report page builds from the raw query (buildMatrix) on the same data.
import { startStack, type Stack } from '@migfed/demo';
import { type RunningGateway, type StartGatewayOptions, startGateway } from '@migfed/gateway';
import { seedCountry } from '@migfed/subgraph-country';
import { importUnhcr, migrate as migrateProvider } from '@migfed/subgraph-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BilateralMatrix,
  buildMatrix,
  type MatrixAnswer,
  MIRROR_PAIRS_QUERY,
  type MirrorPairDef,
  matrixQuery,
  matrixVariables,
  type SideFigure,
} from '../../gateway/reports/app/bilateral-matrix.js';
import { emigrated, immigrated, MEMBERS, MONTHS, mirrorData, mirrorRegion, NOTE } from '../fixtures/mirror-data.js';
import { UNHCR_2025 } from '../fixtures/provider-data.js';
import { type MigratedDatabase, migratedDatabase } from '../harness/databases.js';
import { startFaultProxy } from '../harness/fault-proxy.js';
import { gql } from '../harness/graphql.js';
import { admin, tokenFor, upload } from '../harness/publishing.js';

const SECRET = 'bilateral-field-test-master-secret-0123456789';
const SIDE = 'status value completeness flags reason';
const FIELD = `query Matrix($pair: ID!, $period: String!, $members: [ID!]) {
  bilateralMatrix(pair: $pair, period: $period, members: $members) {
    pair pairName period thirdOpinionSource otherErrors
    members { iso3 name status reason }
    cells {
      origin destination
      originReports { ${SIDE} }
      destinationReports { ${SIDE} }
      difference ratio asymmetry thirdOpinion thirdOpinionReason notes
    }
  }
}`;

type Proxy = Awaited<ReturnType<typeof startFaultProxy>>;

/** The client's matrix in the field's GraphQL shape (names only; no figure is computed here). */
function asField(m: BilateralMatrix) {
  const side = (s: SideFigure | null) =>
    s && { status: s.status, value: s.value, completeness: s.completeness, flags: s.flags, reason: s.reason };
  return {
    pair: m.pair.id,
    pairName: m.pair.name,
    period: m.period,
    thirdOpinionSource: m.thirdOpinionSource,
    otherErrors: m.otherErrors,
    members: m.members,
    cells: m.cells.map((c) => ({
      origin: c.origin,
      destination: c.destination,
      originReports: side(c.originSide),
      destinationReports: side(c.destinationSide),
      difference: c.difference,
      ratio: c.ratio,
      asymmetry: c.asymmetry,
      thirdOpinion: c.thirdOpinion,
      thirdOpinionReason: c.thirdOpinionReason,
      notes: c.notes,
    })),
  };
}

async function post(url: string, query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as Awaited<ReturnType<typeof gql>>;
  return { res, body };
}

describe('bilateralMatrix: the matrix as a field of the federated graph', () => {
  let db: MigratedDatabase;
  let stack: Stack;
  let pairs: Map<string, MirrorPairDef>;
  const proxies: Record<string, Proxy> = {};
  const extra: RunningGateway[] = [];
  /** Another gateway over the same stack (no explorer, reports or SDMX) with limits of its own; stopped after the tests. */
  const gatewayWith = async (options: Pick<StartGatewayOptions, 'limits' | 'rateLimit'>) => {
    const gateway = await startGateway({
      supergraphSdl: stack.supergraphSdl,
      port: 0,
      explorer: false,
      reports: false,
      sdmx: false,
      signingSecret: SECRET,
      ...options,
    });
    extra.push(gateway);
    return gateway;
  };
  const asked = () => Object.fromEntries(MEMBERS.map((iso3) => [iso3, proxies[iso3]!.requests]));

  /** The client's way: the raw federated query, then buildMatrix. */
  async function clientMatrix(pairId: string, period: string, members = MEMBERS) {
    const pair = pairs.get(pairId)!;
    const answer = (await gql(stack.gatewayUrl, matrixQuery(pair), matrixVariables(pair, period, members))) as MatrixAnswer;
    return buildMatrix(pair, period, answer);
  }

  beforeAll(async () => {
    db = await migratedDatabase('e2e_bilateral_field');
    await migrateProvider(db.handle);
    for (const iso3 of MEMBERS) await seedCountry(db.handle.db, iso3, mirrorData(iso3));
    await importUnhcr(db.handle, { folder: UNHCR_2025 });
    stack = await startStack({
      region: mirrorRegion('e2e-bilateral-field'),
      db: db.handle.db,
      signingSecret: SECRET,
      admin: { handle: db.handle },
      responseCache: { maxAgeS: 300 },
      routeMember: async (iso3, url) => {
        proxies[iso3] = await startFaultProxy(new URL(url).origin);
        return proxies[iso3].url;
      },
    });
    const res = await gql(stack.gatewayUrl, MIRROR_PAIRS_QUERY);
    expect(res.errors).toBeUndefined();
    pairs = new Map(res.data.mirrorPairs.map((p: MirrorPairDef) => [p.id, p]));
  });

  afterAll(async () => {
    await Promise.allSettled(extra.map((g) => g.stop()));
    await stack?.stop();
    await Promise.allSettled(Object.values(proxies).map((p) => p.stop()));
    await db?.close();
  });

  it('long-term migration: the same matrix as the client builds, each member asked once, with the request id', async () => {
    const before = asked();
    const { res, body } = await post(
      stack.gatewayUrl,
      FIELD,
      { pair: 'LONG_TERM_MIGRATION', period: '2023' },
      { 'x-request-id': 'matrix-field-1' },
    );
    expect(body.errors).toBeUndefined();
    expect(res.headers.get('x-request-id')).toBe('matrix-field-1');
    // One fetch per member, signed (the members refuse unsigned reads), carrying the reader's id.
    for (const iso3 of MEMBERS) {
      expect(proxies[iso3]!.requests - before[iso3]!, iso3).toBe(1);
      expect(proxies[iso3]!.requestIds.at(-1), iso3).toBe('matrix-field-1');
    }
    const field = body.data.bilateralMatrix;
    expect(field).toEqual(asField(await clientMatrix('LONG_TERM_MIGRATION', '2023')));
    // …and that matrix is the data: MDA → RUS summed over the twelve months, both sides.
    const [mda, rus] = [MEMBERS.indexOf('MDA'), MEMBERS.indexOf('RUS')];
    const cell = field.cells.find((c: { origin: string; destination: string }) => c.origin === 'MDA' && c.destination === 'RUS');
    const origin = MONTHS.reduce((s, _, m) => s + emigrated(mda, rus, m), 0);
    const destination = MONTHS.reduce((s, _, m) => s + immigrated(mda, rus, m), 0);
    expect(cell).toMatchObject({
      originReports: { status: 'OK', value: origin, completeness: 1 },
      destinationReports: { status: 'OK', value: destination, completeness: 1 },
      difference: destination - origin,
      notes: [`MDA (LONG_TERM_EMIGRATION): ${NOTE}`],
    });
    expect(field.members.map((m: { status: string }) => m.status)).toEqual(MEMBERS.map(() => 'OK'));
  });

  it('asylum with the UNHCR third opinion, a quarter and a subset of members: the same as the client', async () => {
    const asylum = await gql(stack.gatewayUrl, FIELD, { pair: 'ASYLUM_APPLICATIONS', period: '2023', members: ['GEO', 'MDA', 'RUS'] });
    expect(asylum.errors).toBeUndefined();
    expect(asylum.data.bilateralMatrix).toEqual(asField(await clientMatrix('ASYLUM_APPLICATIONS', '2023', ['GEO', 'MDA', 'RUS'])));
    expect(asylum.data.bilateralMatrix.thirdOpinionSource).toMatch(/UNHCR .*2025\.12\.1/);
    expect(asylum.data.bilateralMatrix.cells.some((c: { thirdOpinion: number | null }) => c.thirdOpinion !== null)).toBe(true);
    const quarter = await gql(stack.gatewayUrl, FIELD, { pair: 'LONG_TERM_MIGRATION', period: '2023-Q4' });
    expect(quarter.errors).toBeUndefined();
    expect(quarter.data.bilateralMatrix).toEqual(asField(await clientMatrix('LONG_TERM_MIGRATION', '2023-Q4')));
    // KAZ published its immigration for nine months: nothing in the fourth quarter.
    const toKaz = quarter.data.bilateralMatrix.cells.find((c: { destination: string }) => c.destination === 'KAZ');
    expect(toKaz.destinationReports).toMatchObject({ status: 'NOT_PUBLISHED', value: null });
  });

  it('is cached like any read, and a member publishing drops it: the next answer has the new figure', async () => {
    const variables = { pair: 'LONG_TERM_MIGRATION', period: '2023-01', members: ['MDA', 'RUS'] };
    const first = await post(stack.gatewayUrl, FIELD, variables);
    expect(first.res.headers.get('x-migfed-cache')).toBe('MISS');
    const second = await post(stack.gatewayUrl, FIELD, variables);
    expect(second.res.headers.get('x-migfed-cache')).toBe('HIT');
    const rusToMda = (b: typeof first.body) =>
      b.data.bilateralMatrix.cells.find((c: { origin: string }) => c.origin === 'RUS').destinationReports.value;
    expect(rusToMda(second.body)).toBe(immigrated(MEMBERS.indexOf('RUS'), MEMBERS.indexOf('MDA'), 0));
    const token = await tokenFor(db.handle, 'MDA');
    const csv = 'INDICATOR,SEX,AGE,CITIZENSHIP,PREVIOUS_RESIDENCE,TIME_PERIOD,OBS_VALUE\nLONG_TERM_IMMIGRATION,_T,_T,_T,RUS,2023-01,4321\n';
    const imported = await upload(stack.memberUrls.MDA!, token, csv, { release: 'January revised' });
    expect(imported.report?.ok, JSON.stringify(imported)).toBe(true);
    const published = await admin(stack.memberUrls.MDA!, token, 'mutation($n: String!) { publishRelease(name: $n) { ok error } }', {
      n: 'January revised',
    });
    expect(published.data?.publishRelease).toEqual({ ok: true, error: null });
    const after = await post(stack.gatewayUrl, FIELD, variables);
    expect(after.res.headers.get('x-migfed-cache')).toBe('MISS');
    expect(rusToMda(after.body)).toBe(4321);
    // The page's raw query, with the text the field ran inside, is not answered from a stale entry either.
    const raw = await clientMatrix('LONG_TERM_MIGRATION', '2023-01', ['MDA', 'RUS']);
    expect(raw.cells.find((c) => c.origin === 'RUS')!.destinationSide.value).toBe(4321);
  });

  it('a member that is down keeps its row and column, marked with the reason; its error is named; nothing is cached', async () => {
    await stack.stopMember('KAZ');
    try {
      const variables = { pair: 'LONG_TERM_MIGRATION', period: '2023-Q1' };
      const { res, body } = await post(stack.gatewayUrl, FIELD, variables);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(body.errors?.some((e) => e.extensions?.country === 'KAZ' && e.extensions?.code === 'SUBGRAPH_UNAVAILABLE')).toBe(true);
      const field = body.data.bilateralMatrix;
      const kaz = field.members.find((m: { iso3: string }) => m.iso3 === 'KAZ');
      expect(kaz).toMatchObject({ status: 'UNAVAILABLE', reason: expect.stringContaining('KAZ') });
      expect(field.cells).toHaveLength(20);
      for (const c of field.cells.filter((x: { origin: string }) => x.origin === 'KAZ')) {
        expect(c.originReports).toMatchObject({ status: 'UNAVAILABLE', value: null, reason: kaz.reason });
        expect(c.destinationReports.status).toBe('OK');
      }
      for (const c of field.cells.filter((x: { destination: string }) => x.destination === 'KAZ')) {
        expect(c.destinationReports).toMatchObject({ status: 'UNAVAILABLE', value: null, reason: kaz.reason });
        expect(c.originReports.status).toBe('OK');
      }
      expect(field).toEqual(asField(await clientMatrix('LONG_TERM_MIGRATION', '2023-Q1')));
      expect((await post(stack.gatewayUrl, FIELD, variables)).res.headers.get('x-migfed-cache')).not.toBe('HIT');
    } finally {
      await stack.startMember('KAZ');
    }
  });

  it('refuses a bad pair, period or member list with an error naming the argument, asking no member', async () => {
    const before = asked();
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [
        { pair: 'NO_SUCH_PAIR', period: '2023' },
        'pair',
        /^pair: "NO_SUCH_PAIR" is not a mirror pair of the catalog; known pairs: .*LONG_TERM_MIGRATION/,
      ],
      [{ pair: 'LONG_TERM_MIGRATION', period: '23' }, 'period', /^period "23": expected a year \(2023\)/],
      [{ pair: 'LONG_TERM_MIGRATION', period: '2023-13' }, 'period', /^period "2023-13"/],
      [
        { pair: 'LONG_TERM_MIGRATION', period: '2023', members: ['KAZ'] },
        'members',
        /^members: a matrix needs at least two members, got 1/,
      ],
      [
        { pair: 'LONG_TERM_MIGRATION', period: '2023', members: ['KAZ', 'FRA'] },
        'members',
        /^members: "FRA" is not a member of this region; its members are GEO, KAZ, MDA, RUS, UKR/,
      ],
      [{ pair: 'LONG_TERM_MIGRATION', period: '2023', members: ['KAZ', 'MDA', 'KAZ'] }, 'members', /^members: "KAZ" is listed twice/],
    ];
    for (const [variables, argument, message] of cases) {
      const res = await gql(stack.gatewayUrl, FIELD, variables);
      expect(res.data?.bilateralMatrix ?? null, JSON.stringify(variables)).toBeNull();
      expect(res.errors, JSON.stringify(variables)).toHaveLength(1);
      expect(res.errors![0]!.message).toMatch(message);
      expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    }
    expect(asked()).toEqual(before);
  });

  it('/health lists and probes only the subgraphs reached over HTTP, not the gateway’s own', async () => {
    const origin = new URL(stack.gatewayUrl).origin;
    const listed = (await (await fetch(`${origin}/health`)).json()) as { subgraphs: { name: string }[] };
    expect(listed.subgraphs.map((s) => s.name)).not.toContain('bilateral');
    expect(listed.subgraphs.map((s) => s.name)).toContain('country_mda');
    const probed = (await (await fetch(`${origin}/health?probe=1`)).json()) as { status: string };
    expect(probed.status).toBe('ok');
  });

  it('the cost rule counts what the field asks every member, and refuses an over-budget ask before asking anyone', async () => {
    const probe = await gatewayWith({ limits: { maxCost: 1 } });
    const costOf = async (query: string, variables: Record<string, unknown>) => {
      const res = await gql(probe.graphqlUrl, query, variables);
      expect(res.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COSTLY');
      return res.errors![0]!.extensions!.found as number;
    };
    const pair = pairs.get('LONG_TERM_MIGRATION')!;
    const raw = await costOf(matrixQuery(pair), matrixVariables(pair, '2023', MEMBERS));
    const field = await costOf(FIELD, { pair: 'LONG_TERM_MIGRATION', period: '2023' });
    const fewer = await costOf(FIELD, { pair: 'LONG_TERM_MIGRATION', period: '2023', members: ['MDA', 'RUS'] });
    const month = await costOf(FIELD, { pair: 'LONG_TERM_MIGRATION', period: '2023-01' });
    // The field costs at least what its inner query asks the members, and grows with members and periods.
    expect(field).toBeGreaterThan(raw);
    expect(fewer).toBeLessThan(field);
    expect(month).toBeLessThan(field);

    const before = asked();
    const bounded = await gatewayWith({ limits: { maxCost: raw } });
    const refused = await gql(bounded.graphqlUrl, FIELD, { pair: 'LONG_TERM_MIGRATION', period: '2023' });
    expect(refused.status).toBe(400);
    expect(refused.errors?.[0]?.message).toMatch(/^The query would cost \d+, more than the \d+ allowed/);
    expect(asked()).toEqual(before);
    const within = await gql(bounded.graphqlUrl, FIELD, { pair: 'LONG_TERM_MIGRATION', period: '2023', members: ['MDA', 'RUS'] });
    expect(within.errors).toBeUndefined();
    expect(within.data.bilateralMatrix.cells).toHaveLength(2);
  });

  it('one field ask is one request for the rate limit: the inner query is not counted again (no response cache)', async () => {
    const limited = await gatewayWith({ rateLimit: { perSecond: 0.001, burst: 1 } });
    const first = await post(limited.graphqlUrl, FIELD, { pair: 'LONG_TERM_MIGRATION', period: '2023' });
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data.bilateralMatrix.cells).toHaveLength(20);
    expect(first.res.headers.get('x-migfed-cache')).toBeNull(); // this gateway has no response cache
    const second = await fetch(limited.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: FIELD, variables: { pair: 'LONG_TERM_MIGRATION', period: '2023' } }),
    });
    expect(second.status).toBe(429);
  });
});
