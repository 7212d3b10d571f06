// end to end: the gateway's SDMX REST API over a real region (registry, members on PostgreSQL,
// gateway): structures and data in every format, checked against the official SDMX-ML 2.1
// schemas with xmllint, against the GraphQL answer, and the SDMX errors.
import { startStack, type Stack } from '@migfed/demo';
import { loadRegion, type RegionDef } from '@migfed/schema';
import { seedCountry, type SeedData } from '@migfed/subgraph-country';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MigratedDatabase, migratedDatabase } from '../harness/databases.js';
import { gql } from '../harness/graphql.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { originOf, SDMX_SCHEMAS, sdmxGet, xmlSchemaErrors } from '../harness/sdmx.js';

const MEMBERS = ['KAZ', 'KGZ', 'UZB'];
// FREQ.REF_AREA.INDICATOR then SEX AGE CITIZENSHIP REASON DIRECTION TRAVELLER BORDER_TYPE
// APPLICATION_TYPE DECISION COUNTRY_OF_BIRTH RETURN_TYPE PREVIOUS_RESIDENCE NEXT_RESIDENCE
// COUNTRY_OF_RESIDENCE: 17 positions.
const key = (freq: string, area: string, indicator: string, rest: Record<number, string> = {}) =>
  [freq, area, indicator, ...Array.from({ length: 14 }, (_, i) => rest[i] ?? '')].join('.');

function region(): RegionDef {
  const dsm = loadRegion('dsm');
  return { ...dsm, id: 'e2e-sdmx', members: dsm.members.filter((m) => MEMBERS.includes(m.iso3)), providers: [] };
}

type Obs = SeedData['observations'][number];
const cell = (indicator: string, period: string, dimensions: Record<string, string>, value: number, extra: Partial<Obs> = {}): Obs => ({
  indicator,
  period,
  dimensions,
  value,
  status: 'A',
  confidentiality: 'F',
  release: `${period} annual`,
  ...extra,
});

function data(base: number): SeedData {
  const observations: Obs[] = [];
  for (const [i, year] of ['2021', '2022', '2023'].entries()) {
    const total = base + i * 10;
    observations.push(
      cell('WORK_PERMITS_ISSUED', year, { SEX: '_T', CITIZENSHIP: '_T' }, total),
      cell('WORK_PERMITS_ISSUED', year, { SEX: 'F', CITIZENSHIP: '_T' }, Math.round(total * 0.4)),
      cell('WORK_PERMITS_ISSUED', year, { SEX: 'M', CITIZENSHIP: '_T' }, total - Math.round(total * 0.4)),
      cell('WORK_PERMITS_ISSUED', year, { SEX: '_T', CITIZENSHIP: 'CHN' }, Math.round(total * 0.3)),
      cell('STOCK_FOREIGNERS', year, { SEX: '_T', AGE: '_T', CITIZENSHIP: '_T' }, base * 10 + i, i === 2 ? { status: 'P' } : {}),
    );
  }
  observations.push(
    cell('BORDER_CROSSINGS', '2023-01', { DIRECTION: '_T', TRAVELLER: '_T', BORDER_TYPE: '_T', CITIZENSHIP: '_T' }, base * 100),
  );
  return { observations, metadata: [], documents: [] };
}

describe('SDMX REST API', () => {
  let db: MigratedDatabase;
  let stack: Stack;
  let origin: string;

  beforeAll(async () => {
    db = await migratedDatabase('e2e_sdmx');
    for (const [i, iso3] of MEMBERS.entries()) await seedCountry(db.handle.db, iso3, data(1000 * (i + 1)));
    stack = await startStack({
      region: region(),
      db: db.handle.db,
      protection: { rateLimit: false, circuitBreaker: false, limits: { maxListSize: 100 } },
    });
    origin = originOf(stack.gatewayUrl);
  });

  afterAll(async () => {
    await stack?.stop();
    await db?.close();
  });

  describe('structures', () => {
    it('lists the dataflow (MIGFED, all, latest), valid SDMX-ML 2.1', async () => {
      for (const path of [
        '2.1/dataflow/MIGFED',
        '2.1/dataflow/all',
        '2.1/dataflow/MIGFED/DF_MIGRATION/latest',
        '2.1/dataflow/MIGFED/DF_MIGRATION/1.0',
      ]) {
        const res = await sdmxGet(origin, path);
        expect(res.status, path).toBe(200);
        expect(res.headers.get('content-type')).toContain('application/vnd.sdmx.structure+xml');
        expect(res.body).toMatch(/<str:Dataflow id="DF_MIGRATION" agencyID="MIGFED" version="1.0"/);
        expect(xmlSchemaErrors(res.body), path).toBe('');
      }
    });

    it('gives the DSD with its dimensions in the fixed order, codelists and concepts, valid', async () => {
      const res = await sdmxGet(origin, '2.1/datastructure/MIGFED/DSD_MIGRATION/1.0?references=children');
      expect(res.status).toBe(200);
      expect(xmlSchemaErrors(res.body)).toBe('');
      const dims = [...res.body.matchAll(/<str:(?:Dimension|TimeDimension) id="([A-Z_]+)" position="(\d+)"/g)].map(
        (m) => `${m[2]}:${m[1]}`,
      );
      expect(dims).toEqual(
        [
          'FREQ',
          'REF_AREA',
          'INDICATOR',
          'SEX',
          'AGE',
          'CITIZENSHIP',
          'REASON',
          'DIRECTION',
          'TRAVELLER',
          'BORDER_TYPE',
          'APPLICATION_TYPE',
          'DECISION',
          'COUNTRY_OF_BIRTH',
          'RETURN_TYPE',
          'PREVIOUS_RESIDENCE',
          'NEXT_RESIDENCE',
          'COUNTRY_OF_RESIDENCE',
          'TIME_PERIOD',
        ].map((d, i) => `${i + 1}:${d}`),
      );
      const attributes = [...res.body.matchAll(/<str:Attribute id="([A-Z_]+)"/g)].map((m) => m[1]);
      expect(attributes).toEqual(['OBS_STATUS', 'CONF_STATUS', 'UNIT_MEASURE']);
      // Codelists from the registry's catalog, with _Z for indicators without the dimension.
      expect(res.body).toMatch(
        /<str:Codelist id="CL_SEX"[^>]*>.*<str:Code id="F"[^>]*><com:Name xml:lang="en">Female<\/com:Name>.*<str:Code id="_Z"/s,
      );
      expect(res.body).toMatch(/<str:Codelist id="CL_REF_AREA"[^>]*>.*<str:Code id="KAZ"/s);
      expect(res.body).toMatch(/<str:Code id="WORK_PERMITS_ISSUED"[^>]*><com:Name xml:lang="en">Work permits issued</);
      expect(res.body).toMatch(/<str:ConceptScheme id="CS_MIGFED"/);
    });

    it('serves one codelist, the concept scheme and the available data, valid', async () => {
      const cl = await sdmxGet(origin, '2.1/codelist/MIGFED/CL_SEX');
      expect(cl.status).toBe(200);
      expect(xmlSchemaErrors(cl.body)).toBe('');
      expect([...cl.body.matchAll(/<str:Codelist /g)]).toHaveLength(1);
      const cs = await sdmxGet(origin, '2.1/conceptscheme/MIGFED/CS_MIGFED/1.0');
      expect(cs.status).toBe(200);
      expect(xmlSchemaErrors(cs.body)).toBe('');
      const av = await sdmxGet(origin, '2.1/availableconstraint/DF_MIGRATION');
      expect(av.status).toBe(200);
      expect(xmlSchemaErrors(av.body)).toBe('');
      const kaz = /<str:CubeRegion include="true">(.*?)<\/str:CubeRegion>/gs;
      const regions = [...av.body.matchAll(kaz)].map((m) => m[1]!);
      expect(regions).toHaveLength(3);
      const kazRegion = regions.find((r) => r.includes('<com:Value>KAZ</com:Value>'))!;
      expect(kazRegion).toContain('<com:Value>WORK_PERMITS_ISSUED</com:Value>');
      expect(kazRegion).toMatch(/<com:StartPeriod isInclusive="true">2021<\/com:StartPeriod>/);
    });

    it('answers SDMX-JSON 2.0 structures when asked', async () => {
      const res = await sdmxGet(origin, '2.1/datastructure/MIGFED/DSD_MIGRATION/1.0?references=children', {
        accept: 'application/vnd.sdmx.structure+json;version=2.0.0',
      });
      expect(res.status).toBe(200);
      const body = JSON.parse(res.body);
      expect(
        body.data.dataStructures[0].dataStructureComponents.dimensionList.dimensions.map((d: { id: string }) => d.id).slice(0, 4),
      ).toEqual(['FREQ', 'REF_AREA', 'INDICATOR', 'SEX']);
      expect(body.data.codelists.find((c: { id: string }) => c.id === 'CL_SEX').codes.map((c: { id: string }) => c.id)).toContain('_Z');
    });
  });

  describe('data', () => {
    const graphqlPermits = async () => {
      const res = await gql(
        stack.gatewayUrl,
        `{ countries(iso3: ["KAZ", "UZB"]) { iso3 observations(indicator: "WORK_PERMITS_ISSUED", from: "2022", to: "2023") { period value } } }`,
      );
      return Object.fromEntries(
        (res.data.countries as { iso3: string; observations: { period: string; value: number }[] }[]).flatMap((c) =>
          c.observations.map((o) => [`${c.iso3} ${o.period}`, o.value]),
        ),
      );
    };

    it('answers a key with +, in SDMX-ML Generic, valid, with the figures GraphQL gives', async () => {
      const path = `2.1/data/MIGFED,DF_MIGRATION,1.0/${key('A', 'KAZ+UZB', 'WORK_PERMITS_ISSUED', { 0: '_T', 2: '_T' })}?startPeriod=2022&endPeriod=2023`;
      const res = await sdmxGet(origin, path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('application/vnd.sdmx.genericdata+xml');
      expect(xmlSchemaErrors(res.body)).toBe('');
      const got: Record<string, number> = {};
      for (const s of res.body.matchAll(/<gen:Series>(.*?)<\/gen:Series>/gs)) {
        const area = /id="REF_AREA" value="(\w+)"/.exec(s[1]!)![1];
        for (const o of s[1]!.matchAll(/<gen:ObsDimension value="(\d+)"\/><gen:ObsValue value="([\d.]+)"\/>/g))
          got[`${area} ${o[1]}`] = Number(o[2]);
      }
      expect(got).toEqual(await graphqlPermits());
      expect(res.body).toContain('<gen:Value id="UNIT_MEASURE" value="PERMITS"/>');
      expect(res.body).toContain('<gen:Value id="AGE" value="_Z"/>');
    });

    it('reads an empty position as every code a member holds, not as the codelist', async () => {
      const res = await sdmxGet(origin, `2.1/data/DF_MIGRATION/${key('A', 'KAZ', 'WORK_PERMITS_ISSUED')}?format=csv`);
      expect(res.status).toBe(200);
      const rows = res.body.trim().split('\r\n');
      expect(rows[0]).toBe(
        'DATAFLOW,FREQ,REF_AREA,INDICATOR,SEX,AGE,CITIZENSHIP,REASON,DIRECTION,TRAVELLER,BORDER_TYPE,APPLICATION_TYPE,DECISION,COUNTRY_OF_BIRTH,RETURN_TYPE,PREVIOUS_RESIDENCE,NEXT_RESIDENCE,COUNTRY_OF_RESIDENCE,TIME_PERIOD,OBS_VALUE,OBS_STATUS,CONF_STATUS,UNIT_MEASURE',
      );
      const keys = new Set(rows.slice(1).map((r) => r.split(',').slice(4, 7).join('.')));
      expect(keys).toEqual(new Set(['_T._Z._T', 'F._Z._T', 'M._Z._T', '_T._Z.CHN']));
      expect(rows).toHaveLength(1 + 4 * 3);
      expect(rows).toContain(
        'MIGFED:DF_MIGRATION(1.0),A,KAZ,WORK_PERMITS_ISSUED,_T,_Z,CHN,_Z,_Z,_Z,_Z,_Z,_Z,_Z,_Z,_Z,_Z,_Z,2023,306,A,F,PERMITS',
      );
    });

    it('writes SDMX-CSV 2.0 and labels=both', async () => {
      const path = `2.1/data/DF_MIGRATION/${key('A', 'UZB', 'STOCK_FOREIGNERS', { 0: '_T', 1: '_T', 2: '_T' })}`;
      const csv2 = await sdmxGet(origin, path, { accept: 'application/vnd.sdmx.data+csv;version=2.0.0' });
      expect(csv2.status).toBe(200);
      const rows = csv2.body.trim().split('\r\n');
      expect(rows[0]!.startsWith('STRUCTURE,STRUCTURE_ID,ACTION,FREQ,REF_AREA')).toBe(true);
      expect(rows[3]).toBe(
        'dataflow,MIGFED:DF_MIGRATION(1.0),I,A,UZB,STOCK_FOREIGNERS,_T,_T,_T,_Z,_Z,_Z,_Z,_Z,_Z,_Z,_Z,_Z,_Z,_Z,2023,30002,P,F,PERSONS',
      );
      const labelled = await sdmxGet(origin, `${path}?format=csv&labels=both`);
      const head = labelled.body.split('\r\n')[0]!;
      expect(head).toContain('FREQ: Frequency');
      expect(labelled.body).toContain('A: Annual');
      expect(labelled.body).toContain('UZB: Uzbekistan');
    });

    it('writes SDMX-JSON 2.0 data', async () => {
      const res = await sdmxGet(
        origin,
        `2.1/data/DF_MIGRATION/${key('A', 'KAZ', 'WORK_PERMITS_ISSUED', { 0: 'F', 2: '_T' })}?lastNObservations=2`,
        {
          accept: 'application/vnd.sdmx.data+json;version=2.0.0',
        },
      );
      expect(res.status).toBe(200);
      const msg = JSON.parse(res.body);
      const structure = msg.data.structures[0];
      const periods = structure.dimensions.observation[0].values.map((v: { id: string }) => v.id);
      const [series] = Object.values(msg.data.dataSets[0].series) as { observations: Record<string, [number]> }[];
      const values = Object.fromEntries(Object.entries(series!.observations).map(([i, o]) => [periods[Number(i)], o[0]]));
      expect(values).toEqual({ 2022: 404, 2023: 408 });
    });

    it('keeps firstNObservations, detail and AllDimensions valid', async () => {
      const base = `2.1/data/DF_MIGRATION/${key('A', 'KAZ', 'WORK_PERMITS_ISSUED', { 2: '_T' })}`;
      for (const q of [
        'firstNObservations=1',
        'detail=serieskeysonly',
        'detail=dataonly',
        'detail=nodata',
        'dimensionAtObservation=AllDimensions',
      ]) {
        const res = await sdmxGet(origin, `${base}?${q}`);
        expect(res.status, q).toBe(200);
        expect(xmlSchemaErrors(res.body), q).toBe('');
      }
      const first = await sdmxGet(origin, `${base}?firstNObservations=1&format=csv`);
      expect(
        first.body
          .trim()
          .split('\r\n')
          .slice(1)
          .map((r) => r.split(',').at(-5)),
      ).toEqual(['2021', '2021', '2021']);
      const keys = await sdmxGet(origin, `${base}?detail=serieskeysonly`);
      expect(keys.body).not.toContain('<gen:Obs>');
      expect([...keys.body.matchAll(/<gen:Series>/g)]).toHaveLength(3);
    });

    it('writes StructureSpecific data that validates against the schema generated for the DSD', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'sdmx-ss-'));
      try {
        for (const at of ['TIME_PERIOD', 'AllDimensions']) {
          const xsd = await sdmxGet(origin, `2.1/schema/datastructure/MIGFED/DSD_MIGRATION/1.0?dimensionAtObservation=${at}`);
          expect(xsd.status).toBe(200);
          // The generated schema imports the official ones from next to itself, as registries publish them.
          const schema = join(dir, `${at}.xsd`);
          writeFileSync(schema, xsd.body.replace(/schemaLocation="/g, `schemaLocation="${SDMX_SCHEMAS}/`));
          const path = `2.1/data/DF_MIGRATION/${key('A', 'KAZ+KGZ', 'WORK_PERMITS_ISSUED+STOCK_FOREIGNERS')}?dimensionAtObservation=${at}`;
          const res = await sdmxGet(origin, path, { accept: 'application/vnd.sdmx.structurespecificdata+xml;version=2.1' });
          expect(res.status).toBe(200);
          expect(res.headers.get('content-type')).toContain('structurespecificdata');
          expect(xmlSchemaErrors(res.body, schema), at).toBe('');
          expect(res.body).toMatch(
            at === 'TIME_PERIOD'
              ? /<Series FREQ="A" REF_AREA="KAZ" INDICATOR="WORK_PERMITS_ISSUED" SEX="F"/
              : /<Obs FREQ="A" REF_AREA="KGZ"/,
          );
          // A code outside its codelist would not validate: the generated schema checks keys.
          expect(xmlSchemaErrors(res.body.replace('REF_AREA="KAZ"', 'REF_AREA="FRA"'), schema)).toMatch(/REF_AREA/);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('answers the SDMX 3.0 path with c[] filters', async () => {
      const res = await sdmxGet(
        origin,
        '3.0/data/dataflow/MIGFED/DF_MIGRATION/1.0/*?c[REF_AREA]=KGZ&c[INDICATOR]=WORK_PERMITS_ISSUED&c[SEX]=_T&c[CITIZENSHIP]=_T&c[TIME_PERIOD]=ge:2023&format=csv',
      );
      expect(res.status).toBe(200);
      const rows = res.body.trim().split('\r\n');
      expect(rows).toHaveLength(2);
      expect(rows[1]).toContain(',KGZ,WORK_PERMITS_ISSUED,_T,_Z,_T,');
      expect(rows[1]).toContain(',2023,2020,');
    });
  });

  describe('errors', () => {
    it('400 for a wrong key length or an unknown code, naming the position and the code', async () => {
      const short = await sdmxGet(origin, '2.1/data/DF_MIGRATION/A.KAZ.WORK_PERMITS_ISSUED');
      expect(short.status).toBe(400);
      expect(xmlSchemaErrors(short.body)).toBe('');
      expect(short.body).toMatch(/code="150"/);
      expect(short.body).toMatch(/3 positions; this DSD&apos;s key has 17/);
      const unknown = await sdmxGet(origin, `2.1/data/DF_MIGRATION/${key('A', 'KAZ+XXX', '')}`);
      expect(unknown.status).toBe(400);
      expect(unknown.body).toContain('Key position 2 (REF_AREA): &quot;XXX&quot; is not a code of CL_REF_AREA');
      const badPeriod = await sdmxGet(origin, '2.1/data/DF_MIGRATION/all?startPeriod=20x3&format=csv');
      expect(badPeriod.status).toBe(400);
      expect(badPeriod.body).toBe('150 Semantic error: startPeriod "20x3" is not an SDMX time period; use 2023, 2023-Q1 or 2023-01\n');
    });

    it('404 NoResultsFound (code 100) when nothing matches', async () => {
      const res = await sdmxGet(origin, `2.1/data/DF_MIGRATION/${key('A', 'KAZ', 'RETURNS')}`);
      expect(res.status).toBe(404);
      expect(res.body).toMatch(/code="100"/);
      const flow = await sdmxGet(origin, '2.1/data/OTHER/all');
      expect(flow.status).toBe(404);
    });

    it('413 when the query is larger than the gateway allows (its list-size bound here)', async () => {
      const catalog = await gql(stack.gatewayUrl, '{ codelist(id: "AREA") { codes { id } } }');
      const many = (catalog.data.codelist.codes as { id: string }[]).slice(0, 120).map((c) => c.id);
      const res = await sdmxGet(origin, `2.1/data/DF_MIGRATION/${key('A', 'KAZ', 'WORK_PERMITS_ISSUED', { 2: many.join('+') })}`);
      expect(res.status).toBe(413);
      expect(res.body).toMatch(/code="413"/);
      expect(res.body).toMatch(/larger than this gateway allows/);
    });

    it('406 for a format not offered, 501 for parts not implemented, JSON errors for JSON clients', async () => {
      const notOffered = await sdmxGet(origin, '2.1/data/DF_MIGRATION/all', { accept: 'application/pdf' });
      expect(notOffered.status).toBe(406);
      expect(notOffered.body).toContain('application/vnd.sdmx.genericdata+xml');
      for (const path of ['2.1/metadata/all', '2.1/categoryscheme/MIGFED', '2.1/data/DF_MIGRATION/all?dimensionAtObservation=SEX']) {
        const res = await sdmxGet(origin, path);
        expect(res.status, path).toBe(501);
      }
      const json = await sdmxGet(origin, '2.1/data/DF_MIGRATION/A.KAZ', { accept: 'application/vnd.sdmx.data+json;version=2.0.0' });
      expect(json.status).toBe(400);
      expect(JSON.parse(json.body).errors[0]).toMatchObject({ code: 150 });
    });
  });

  describe('a member that is down', () => {
    it('leaves the others series in the answer and names itself', async () => {
      await stack.stopMember('UZB');
      try {
        const path = `2.1/data/DF_MIGRATION/${key('A', '', 'WORK_PERMITS_ISSUED', { 0: '_T', 2: '_T' })}`;
        const xml = await sdmxGet(origin, path);
        expect(xml.status).toBe(200);
        expect(xmlSchemaErrors(xml.body)).toBe('');
        const areas = new Set([...xml.body.matchAll(/id="REF_AREA" value="(\w+)"/g)].map((m) => m[1]));
        expect(areas).toEqual(new Set(['KAZ', 'KGZ']));
        expect(xml.body).toMatch(/<footer:Message code="503" severity="Warning"><com:Text xml:lang="en">UZB: [^<]*UZB/);
        expect(xml.headers.get('x-migfed-missing-members')).toBe('UZB');
        expect(xml.headers.get('cache-control')).toBe('no-store');
        const json = JSON.parse((await sdmxGet(origin, `${path}?format=jsondata`)).body);
        expect(json.errors[0].title).toContain('UZB');
        const csv = await sdmxGet(origin, `${path}?format=csv`);
        expect(csv.headers.get('x-migfed-missing-members')).toBe('UZB');
        const only = await sdmxGet(origin, `2.1/data/DF_MIGRATION/${key('A', 'UZB', 'WORK_PERMITS_ISSUED')}`);
        expect(only.status).toBe(503);
      } finally {
        await stack.startMember('UZB');
      }
    });
  });
});
