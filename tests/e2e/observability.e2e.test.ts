// end to end: what an operator sees of a report. A real gateway and real member subgraphs on
// loopback (signed requests, real PostgreSQL): the report's trace has one span per member fetch,
// named by the member's ISO3, continued by each member's own spans; the request id the reader
// sent is in the gateway's and the members' log lines; /metrics of the gateway and of a member are
// valid Prometheus text whose counters move; and no variable of the query, no figure served or
// imported reaches a log line, a span or a metric.
import { randomBytes } from 'node:crypto';
import { startStack, type Stack } from '@migfed/demo';
import { loadRegion, type RegionDef } from '@migfed/schema';
import { seedCountry } from '@migfed/subgraph-country';
import { addSpanProcessor, type LogLevel, setLogLevel, tapLogs } from '@migfed/subgraph-kit';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workPermits } from '../fixtures/observations.js';
import { type MigratedDatabase, migratedDatabase } from '../harness/databases.js';
import { expositionProblems, scrape } from '../harness/prometheus.js';
import { tokenFor, upload } from '../harness/publishing.js';

const MEMBERS = ['ARM', 'GEO', 'MDA'];
/** Figures no clock, port or id would produce by chance: they must never be logged. */
const MDA_FIGURE = 48_213;
const IMPORTED_FIGURE = 91_357;
const CANARY = 'canary-Zq7Xw';
const REPORT = `query Report($members: [ID!], $from: String, $to: String) {
  countries(iso3: $members) { iso3 observations(indicator: "WORK_PERMITS_ISSUED", from: $from, to: $to) { period value } }
}`;

function region(): RegionDef {
  const dsm = loadRegion('dsm');
  return { ...dsm, id: 'e2e-observability', members: dsm.members.filter((m) => MEMBERS.includes(m.iso3)), providers: [] };
}

type Line = { service?: string; requestId?: string; msg?: string; path?: string; level?: string };

describe('logs, traces and metrics of a report', () => {
  let db: MigratedDatabase;
  let stack: Stack;
  const logs: string[] = [];
  const spans = new InMemorySpanExporter();
  let undo: (() => void)[] = [];
  let levelBefore: LogLevel;

  const report = async (variables: Record<string, unknown>, headers: Record<string, string> = {}) => {
    const res = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: REPORT, variables }),
    });
    return { res, body: (await res.json()) as { data?: { countries: { iso3: string }[] }; errors?: { message: string }[] } };
  };
  const parsedLogs = () => logs.map((l) => JSON.parse(l) as Line);
  /** Spans end when each response closes, a moment after the reader has its answer. */
  const traceOf = async (requestId: string) => {
    for (let i = 0; i < 100; i++) {
      const root = spans
        .getFinishedSpans()
        .find((s) => s.attributes['migfed.service'] === 'gateway' && s.attributes['migfed.request_id'] === requestId);
      if (root) {
        const all = spans.getFinishedSpans().filter((s) => s.spanContext().traceId === root.spanContext().traceId);
        if (all.filter((s) => s.name === 'POST /graphql').length >= 3) return { root, all };
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no finished trace for request ${requestId}`);
  };

  beforeAll(async () => {
    levelBefore = setLogLevel('info');
    undo = [tapLogs((line) => logs.push(line)), addSpanProcessor(new SimpleSpanProcessor(spans))];
    db = await migratedDatabase('e2e_observability');
    await seedCountry(db.handle.db, 'ARM', workPermits(1000, [2022, 2023]));
    await seedCountry(db.handle.db, 'GEO', workPermits(2000, [2022, 2023]));
    await seedCountry(db.handle.db, 'MDA', workPermits(MDA_FIGURE, [2023]));
    stack = await startStack({
      region: region(),
      db: db.handle.db,
      admin: { handle: db.handle },
      signingSecret: randomBytes(32).toString('base64url'),
      responseCache: { maxAgeS: 300 },
    });
    // The gateway reads the members' release calendar once at start, without waiting for it: let
    // that fetch finish, so that the counts compared below are the test's own.
    for (let i = 0; i < 100; i++) {
      if ((await scrape(stack.gatewayUrl)).value('migfed_subgraph_fetches_total', { member: 'MDA' }) !== undefined) break;
      await new Promise((r) => setTimeout(r, 50));
    }
  });

  afterAll(async () => {
    await stack?.stop();
    await db?.close();
    for (const u of undo) u();
    setLogLevel(levelBefore);
  });

  it("a report's trace has one span per member fetch, named with the ISO3 of each member asked", async () => {
    const { res, body } = await report({ members: ['ARM', 'MDA'], from: '2023', to: '2023' }, { 'x-request-id': 'trace-1' });
    expect(body.errors).toBeUndefined();
    expect(body.data?.countries.map((c) => c.iso3).sort()).toEqual(['ARM', 'MDA']);
    expect(res.headers.get('x-request-id')).toBe('trace-1');

    const { root, all } = await traceOf('trace-1');
    expect(root.parentSpanContext).toBeUndefined();
    const memberFetches = all.filter((s) => /^fetch [A-Z]{3}$/.test(s.name));
    expect(memberFetches.map((s) => s.name).sort()).toEqual(['fetch ARM', 'fetch MDA']);
    expect(all.filter((s) => s.name === 'fetch registry')).toHaveLength(1);
    // Apollo's own spans of the request (planning, execution) belong to the same trace.
    expect(all.map((s) => s.name)).toEqual(expect.arrayContaining(['gateway.request', 'gateway.plan', 'gateway.execute']));
    // Each member continued the trace: its server span is the child of the gateway's fetch span
    // for it (W3C traceparent through a signed request), and its SQL spans sit under that.
    const byId = new Map(all.map((s) => [s.spanContext().spanId, s]));
    for (const iso3 of ['ARM', 'MDA']) {
      const fetchSpan = memberFetches.find((s) => s.name === `fetch ${iso3}`)!;
      const server = all.find((s) => s.attributes['migfed.service'] === `country_${iso3.toLowerCase()}`)!;
      expect(server?.name).toBe('POST /graphql');
      expect(server.parentSpanContext?.spanId).toBe(fetchSpan.spanContext().spanId);
      const sql = all.filter((s) => s.attributes['db.system.name'] === 'postgresql' && ancestors(s, byId).includes(server));
      expect(sql.length).toBeGreaterThan(0);
      for (const s of sql) expect(s.name).toMatch(/^(SELECT|WITH)$/);
    }
    expect(all.some((s) => s.attributes['migfed.service'] === 'country_geo')).toBe(false);
  });

  it('the request id follows the request into every member it asks, and a bad one is replaced', async () => {
    await report({ members: ['GEO', 'MDA'], from: '2022', to: '2023' }, { 'x-request-id': 'req-42.a_b' });
    const lines = parsedLogs().filter((l) => l.requestId === 'req-42.a_b' && l.msg === 'request');
    expect(lines.map((l) => l.service).sort()).toEqual(['country_geo', 'country_mda', 'gateway', 'registry']);
    expect(lines.every((l) => l.path === '/graphql')).toBe(true);

    const { res } = await report({ members: ['GEO'] }, { 'x-request-id': 'no spaces; or semicolons' });
    const given = res.headers.get('x-request-id');
    expect(given).toMatch(/^[0-9a-f-]{36}$/);
    expect(parsedLogs().filter((l) => l.requestId === given).length).toBeGreaterThan(1);
    expect(logs.join('\n')).not.toContain('semicolons');
  });

  it('/metrics of the gateway and of a member are Prometheus text, and their counters move', async () => {
    const before = await scrape(stack.gatewayUrl);
    expect(before.status).toBe(200);
    expect(before.contentType).toMatch(/^text\/plain;.*version=0\.0\.4/);
    expect(expositionProblems(before.text)).toEqual([]);
    const member = await scrape(stack.memberUrls.MDA!);
    expect(expositionProblems(member.text)).toEqual([]);
    expect(member.value('process_cpu_user_seconds_total')).toBeGreaterThan(0);

    const fetchesOf = (s: typeof before, iso3: string) => s.value('migfed_subgraph_fetches_total', { member: iso3, outcome: 'ok' }) ?? 0;
    const memberReads = (s: typeof member) =>
      s.value('migfed_http_requests_total', { service: 'country_mda', route: '/graphql', status: '200' }) ?? 0;
    const variables = { members: ['MDA'], from: '2023', to: '2023' };
    await report(variables); // a miss, then stored
    await report(variables); // a hit: the member is not asked again
    const after = await scrape(stack.gatewayUrl);
    const memberAfter = await scrape(stack.memberUrls.MDA!);
    expect(fetchesOf(after, 'MDA') - fetchesOf(before, 'MDA')).toBe(1);
    expect(fetchesOf(after, 'ARM')).toBe(fetchesOf(before, 'ARM'));
    expect(memberReads(memberAfter) - memberReads(member)).toBe(1);
    expect((after.value('migfed_response_cache_hits_total') ?? 0) - (before.value('migfed_response_cache_hits_total') ?? 0)).toBe(1);
    expect(after.value('migfed_response_cache_misses_total')).toBeGreaterThan(before.value('migfed_response_cache_misses_total') ?? 0);
    expect(after.families.find((f) => f.name === 'migfed_subgraph_fetch_duration_seconds')?.type).toBe('HISTOGRAM');
    expect(after.count('migfed_subgraph_fetch_duration_seconds', { member: 'MDA' })).toBe(fetchesOf(after, 'MDA'));
    expect(after.value('migfed_circuit_state', { member: 'MDA' })).toBe(0);
    expect(after.value('migfed_http_requests_total', { route: '/graphql', status: '200' })).toBeGreaterThan(0);

    // An import on the member's /admin counts, with the rows it wrote.
    const token = await tokenFor(db.handle, 'MDA');
    const csv = `INDICATOR,SEX,CITIZENSHIP,TIME_PERIOD,OBS_VALUE\nWORK_PERMITS_ISSUED,_T,_T,2024,${IMPORTED_FIGURE}\n`;
    const imported = await upload(stack.memberUrls.MDA!, token, csv, { release: '2024 annual' });
    expect(imported.report?.ok).toBe(true);
    const afterImport = await scrape(stack.memberUrls.MDA!);
    expect(afterImport.value('migfed_imports_total', { kind: 'observations', outcome: 'ok' })).toBe(1);
    expect(afterImport.value('migfed_import_rows_written_total', { kind: 'observations' })).toBe(imported.report?.written);
    expect(imported.report?.written).toBeGreaterThan(0);
  });

  it("no log line, span or metric carries a query's variables or a figure", async () => {
    // A value the member refuses, so that it travels through every error path, too.
    const refused = await report({ members: ['MDA'], from: CANARY }, { 'x-request-id': 'canary' });
    expect(JSON.stringify(refused.body)).toContain(CANARY);
    await traceOf('canary');
    const everything = [
      ...logs,
      ...spans
        .getFinishedSpans()
        .map((s) => JSON.stringify({ name: s.name, attributes: s.attributes, events: s.events, status: s.status })),
      (await scrape(stack.gatewayUrl)).text,
      (await scrape(stack.memberUrls.MDA!)).text,
    ].join('\n');
    expect(logs.some((l) => l.includes('"requestId":"canary"'))).toBe(true);
    for (const secret of [CANARY, String(MDA_FIGURE), String(IMPORTED_FIGURE)]) expect(everything).not.toContain(secret);
  });
});

function ancestors(span: ReadableSpan, byId: Map<string, ReadableSpan>): ReadableSpan[] {
  const out: ReadableSpan[] = [];
  let parent = span.parentSpanContext && byId.get(span.parentSpanContext.spanId);
  while (parent) {
    out.push(parent);
    parent = parent.parentSpanContext && byId.get(parent.parentSpanContext.spanId);
  }
  return out;
}
