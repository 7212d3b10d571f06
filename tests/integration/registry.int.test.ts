// The registry on a real PostgreSQL: what the secretariat and researchers read about the region.
import { loadCatalog, loadRegion } from '@migfed/schema';
import { createServer } from '@migfed/subgraph-registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MigratedDatabase, migratedDatabase } from '../harness/databases.js';
import { gql } from '../harness/graphql.js';

describe('registry subgraph', () => {
  let db: MigratedDatabase;
  let server: Awaited<ReturnType<typeof createServer>>;
  beforeAll(async () => {
    db = await migratedDatabase('registry');
    server = await createServer({ region: loadRegion('siemmes'), db: db.handle.db, port: 0 });
  });
  afterAll(async () => {
    await server?.stop();
    await db?.close();
  });

  it('lists the members in region order with names, agencies and focal points', async () => {
    const res = await gql(server.url, `{ countries { iso3 name territory { m49 } agencies { name } focalPoints { role } } }`);
    expect(res.errors).toBeUndefined();
    const region = loadRegion('siemmes');
    expect(res.data.countries.map((c: { iso3: string }) => c.iso3)).toEqual(region.members.map((m) => m.iso3));
    const mex = res.data.countries.find((c: { iso3: string }) => c.iso3 === 'MEX');
    expect(mex).toMatchObject({
      name: 'Mexico',
      territory: { m49: '484' },
      agencies: [{ name: region.members.find((m) => m.iso3 === 'MEX')?.agency }],
    });
    expect(mex.focalPoints.length).toBeGreaterThan(0);
  });

  it('answers a subset, and says which codes are not members', async () => {
    const ok = await gql(server.url, `{ countries(iso3: ["PAN", "crI"]) { iso3 } }`);
    expect(ok.data.countries).toEqual([{ iso3: 'CRI' }, { iso3: 'PAN' }]);
    const bad = await gql(server.url, `{ countries(iso3: ["PAN", "FRA"]) { iso3 } }`);
    expect(bad.errors?.[0]?.message).toMatch(/Not members of this region: FRA/);
    expect(bad.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('resolves any territory and hops to the member when it is one', async () => {
    const res = await gql(
      server.url,
      `{ gtm: territory(iso3: "GTM") { name member { iso3 } } ven: territory(iso3: "VEN") { name m49 member { iso3 } } country(iso3: "UKR") { iso3 } }`,
    );
    expect(res.data).toEqual({
      gtm: { name: 'Guatemala', member: { iso3: 'GTM' } },
      ven: { name: 'Venezuela', m49: '862', member: null },
      country: null,
    });
  });

  it('serves the agreed catalog with dimensions and codelists', async () => {
    const res = await gql(
      server.url,
      `{ indicators { code frequency minimumSet regionalTotalMinimumShare stock dimensions { id codelist { id codes { id } } } }
      indicator(code: "BORDER_CROSSINGS") { definition unit frequency dimensions { id } }
      codelist(id: "AREA") { codes { id territory { iso3 } } } }`,
    );
    expect(res.errors).toBeUndefined();
    const catalog = loadCatalog();
    expect(res.data.indicators.map((i: { code: string }) => i.code)).toEqual(catalog.indicators.map((i) => i.code));
    expect(res.data.indicator).toMatchObject({
      unit: 'CROSSINGS',
      frequency: 'M',
      dimensions: [{ id: 'DIRECTION' }, { id: 'TRAVELLER' }, { id: 'BORDER_TYPE' }, { id: 'CITIZENSHIP' }],
    });
    // The coverage rule for regional totals: the catalog's default, and the census indicator's own.
    const share = (code: string) => res.data.indicators.find((i: { code: string }) => i.code === code).regionalTotalMinimumShare;
    expect([share('WORK_PERMITS_ISSUED'), share('FOREIGN_BORN_POPULATION')]).toEqual([0.75, 0.9]);
    // Stocks (people counted on a day) are never summed over months: the catalog says which they are.
    const stocks = res.data.indicators.filter((i: { stock: boolean }) => i.stock).map((i: { code: string }) => i.code);
    expect(stocks.sort()).toEqual(['FOREIGN_BORN_POPULATION', 'STOCK_FOREIGNERS']);
    const stock = res.data.indicators.find((i: { code: string }) => i.code === 'STOCK_FOREIGNERS');
    const sex = stock.dimensions.find((d: { id: string }) => d.id === 'SEX');
    expect(sex.codelist.codes.map((c: { id: string }) => c.id)).toEqual(['_T', 'F', 'M', '_U']);
    const area = res.data.codelist.codes as { id: string; territory: { iso3: string } | null }[];
    expect(area.length).toBe(catalog.territories.length + 6); // _T _O _U _Z, XXA stateless, XKX Kosovo
    expect(area.find((c) => c.id === 'XXA')?.territory).toBeNull();
    expect(area.find((c) => c.id === 'UZB')?.territory).toEqual({ iso3: 'UZB' });
    expect(area.find((c) => c.id === '_T')?.territory).toBeNull();
  });
});
