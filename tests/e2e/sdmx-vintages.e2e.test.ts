// end to end: the SDMX API after a revision. includeHistory and asOf give what GraphQL's
// `history` and `asOf` give, updatedAfter only the series a later release touched, and answers
// are cached like GraphQL's (ETag/304, Cache-Control, dropped when a member publishes).
import { startStack, type Stack } from '@migfed/demo';
import { loadRegion, type RegionDef } from '@migfed/schema';
import { seedCountry } from '@migfed/subgraph-country';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workPermits } from '../fixtures/observations.js';
import { type MigratedDatabase, migratedDatabase } from '../harness/databases.js';
import { gql } from '../harness/graphql.js';
import { admin, tokenFor, upload } from '../harness/publishing.js';
import { originOf, sdmxGet, xmlSchemaErrors } from '../harness/sdmx.js';

const MEMBERS = ['ARM', 'MDA'];
// FREQ.REF_AREA.INDICATOR.SEX.AGE.CITIZENSHIP then 8 more catalog dimensions.
const permits = (area: string, sex = '_T') => `A.${area}.WORK_PERMITS_ISSUED.${sex}.._T...........`;

function region(): RegionDef {
  const dsm = loadRegion('dsm');
  return { ...dsm, id: 'e2e-sdmx-vintages', members: dsm.members.filter((m) => MEMBERS.includes(m.iso3)), providers: [] };
}

interface JsonMessage {
  data: {
    structures: { dimensions: { series: { id: string; values: { id: string }[] }[]; observation: { values: { id: string }[] }[] } }[];
    dataSets: { validFrom?: string; validTo?: string; series: Record<string, { observations: Record<string, [number | null]> }> }[];
  };
}

/** `validFrom|AREA.SEX period=value` for every observation of an SDMX-JSON message. */
function flatten(body: string): string[] {
  const msg = JSON.parse(body) as JsonMessage;
  const st = msg.data.structures[0]!;
  const dims = st.dimensions.series;
  const periods = st.dimensions.observation[0]!.values;
  return msg.data.dataSets.flatMap((ds) =>
    Object.entries(ds.series).flatMap(([k, s]) => {
      const codes = k.split(':').map((i, p) => dims[p]!.values[Number(i)]!.id);
      return Object.entries(s.observations).map(
        ([i, o]) => `${ds.validFrom ?? ''}|${codes[1]}.${codes[3]} ${periods[Number(i)]!.id}=${o[0]}`,
      );
    }),
  );
}

describe('SDMX vintages and caching', () => {
  let db: MigratedDatabase;
  let stack: Stack;
  let origin: string;
  let token: string;
  let beforeRevision: string;

  beforeAll(async () => {
    db = await migratedDatabase('e2e_sdmx_vintages');
    for (const [i, iso3] of MEMBERS.entries()) await seedCountry(db.handle.db, iso3, workPermits(1000 * (i + 1), [2022, 2023]));
    stack = await startStack({
      region: region(),
      db: db.handle.db,
      admin: { handle: db.handle },
      responseCache: { maxAgeS: 300, clientMaxAgeS: 60 },
      protection: { rateLimit: false },
    });
    origin = originOf(stack.gatewayUrl);
    token = await tokenFor(db.handle, 'MDA');
  });

  afterAll(async () => {
    await stack?.stop();
    await db?.close();
  });

  it('caches a data answer with an ETag, answers 304, and drops it when the member publishes', async () => {
    const path = `2.1/data/DF_MIGRATION/${permits('MDA')}?format=csv`;
    const first = await sdmxGet(origin, path);
    expect(first.status).toBe(200);
    expect(first.headers.get('x-migfed-cache')).toBe('MISS');
    expect(first.headers.get('cache-control')).toMatch(/^public, max-age=([1-5]?\d|60)$/);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^".+"$/);
    expect(first.body).toContain(',2023,2010,');
    db.statements.length = 0;
    const second = await sdmxGet(origin, path);
    expect(second).toMatchObject({ status: 200, body: first.body });
    expect(second.headers.get('x-migfed-cache')).toBe('HIT');
    expect(db.statements).toEqual([]); // no member was asked
    const revalidated = await sdmxGet(origin, path, { 'if-none-match': etag! });
    expect(revalidated.status).toBe(304);
    // Another format is another entry (the cache key holds the negotiated format).
    expect((await sdmxGet(origin, `2.1/data/DF_MIGRATION/${permits('MDA')}?format=csv2`)).headers.get('x-migfed-cache')).toBe('MISS');

    await new Promise((r) => setTimeout(r, 20));
    beforeRevision = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    const csv = 'INDICATOR,SEX,CITIZENSHIP,TIME_PERIOD,OBS_VALUE\nWORK_PERMITS_ISSUED,_T,_T,2023,2500\n';
    expect((await upload(stack.memberUrls.MDA!, token, csv, { release: '2023 revised' })).report?.ok).toBe(true);
    const published = await admin(stack.memberUrls.MDA!, token, 'mutation { publishRelease(name: "2023 revised") { ok error } }');
    expect(published.data?.publishRelease).toEqual({ ok: true, error: null });

    const after = await sdmxGet(origin, path, { 'if-none-match': etag! });
    expect(after.status).toBe(200);
    expect(after.headers.get('x-migfed-cache')).toBe('MISS');
    expect(after.body).toContain(',2023,2500,');
  });

  it('includeHistory gives every version GraphQL history gives, one data set per validity, valid SDMX-ML', async () => {
    const gqlHistory = await gql(
      stack.gatewayUrl,
      `{ country(iso3: "MDA") { history(indicator: "WORK_PERMITS_ISSUED", period: "2023") { value validFrom validTo } } }`,
    );
    const versions = gqlHistory.data.country.history as { value: number; validFrom: string; validTo: string | null }[];
    expect(versions.map((v) => v.value)).toEqual([2010, 2500]);
    const json = await sdmxGet(
      origin,
      `2.1/data/DF_MIGRATION/${permits('MDA')}?startPeriod=2023&endPeriod=2023&includeHistory=true&format=jsondata`,
    );
    expect(json.status).toBe(200);
    expect(flatten(json.body)).toEqual(versions.map((v) => `${v.validFrom}|MDA._T 2023=${v.value}`));
    const xml = await sdmxGet(origin, `2.1/data/DF_MIGRATION/${permits('MDA')}?includeHistory=true`);
    expect(xmlSchemaErrors(xml.body)).toBe('');
    expect([...xml.body.matchAll(/<mes:DataSet [^>]*validFromDate="/g)].length).toBeGreaterThanOrEqual(2);
  });

  it('asOf gives what GraphQL asOf gives: the figures published at that instant', async () => {
    const then = await gql(
      stack.gatewayUrl,
      `query($at: DateTime) { country(iso3: "MDA") { observations(indicator: "WORK_PERMITS_ISSUED", from: "2023", to: "2023", asOf: $at) { value } } }`,
      { at: beforeRevision },
    );
    expect(then.data.country.observations).toEqual([{ value: 2010 }]);
    const res = await sdmxGet(
      origin,
      `2.1/data/DF_MIGRATION/${permits('MDA')}?startPeriod=2023&asOf=${encodeURIComponent(beforeRevision)}&format=jsondata`,
    );
    expect(flatten(res.body)).toEqual(['|MDA._T 2023=2010']);
    const now = await sdmxGet(origin, `2.1/data/DF_MIGRATION/${permits('MDA')}?startPeriod=2023&format=jsondata`);
    expect(flatten(now.body)).toEqual(['|MDA._T 2023=2500']);
  });

  it('updatedAfter returns only the series a later release touched', async () => {
    const res = await sdmxGet(
      origin,
      `2.1/data/DF_MIGRATION/${permits('', '')}?updatedAfter=${encodeURIComponent(beforeRevision)}&format=jsondata`,
    );
    expect(res.status).toBe(200);
    expect(flatten(res.body).sort()).toEqual(['|MDA._T 2022=2000', '|MDA._T 2023=2500']);
    const none = await sdmxGet(origin, `2.1/data/DF_MIGRATION/${permits('ARM')}?updatedAfter=${encodeURIComponent(beforeRevision)}`);
    expect(none.status).toBe(404);
  });
});
