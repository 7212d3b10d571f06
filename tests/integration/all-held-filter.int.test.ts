// One member's subgraph on a real PostgreSQL: `allHeld` asks for every code the member holds in a
// dimension (SDMX's "any code" key position) without listing the codelist, and `history` over a
// period range returns every version of every cell in it.
import { createServer, seedCountry, type SeedData } from '@migfed/subgraph-country';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MigratedDatabase, migratedDatabase } from '../harness/databases.js';
import { gql } from '../harness/graphql.js';

const cell = (period: string, SEX: string, CITIZENSHIP: string, value: number, release = 'first') => ({
  indicator: 'WORK_PERMITS_ISSUED',
  period,
  dimensions: { SEX, CITIZENSHIP },
  value,
  status: 'A',
  confidentiality: 'F',
  release,
});

const DATA: SeedData = {
  observations: [
    cell('2022', '_T', '_T', 100),
    cell('2022', 'F', '_T', 40),
    cell('2022', 'M', '_T', 60),
    cell('2022', '_T', 'UZB', 70),
    cell('2022', 'F', 'UZB', 25),
    cell('2023', '_T', '_T', 110),
    cell('2023', '_T', 'TJK', 30),
  ],
  metadata: [],
  documents: [],
};

describe('allHeld filter and history ranges', () => {
  let db: MigratedDatabase;
  let server: Awaited<ReturnType<typeof createServer>>;
  const member = async (fields: string) => {
    const res = await gql(server.url, `{ _entities(representations: [{ __typename: "KAZ", iso3: "KAZ" }]) { ... on KAZ { ${fields} } } }`);
    return { errors: res.errors, data: res.data?._entities?.[0] };
  };
  const cells = (rows: { period: string; value: number; dimensions: { code: string }[] }[]) =>
    rows.map((r) => `${r.period}:${r.dimensions.map((d) => d.code).join('.')}=${r.value}`).sort();

  beforeAll(async () => {
    db = await migratedDatabase('all_held');
    await seedCountry(db.handle.db, 'KAZ', DATA);
    server = await createServer({ country: 'KAZ', db: db.handle.db, port: 0 });
  });
  afterAll(async () => {
    await server?.stop();
    await db?.close();
  });

  it('returns every code held in a dimension, totals included, crossed with the other filters', async () => {
    const all = await member(
      `observations(indicator: "WORK_PERMITS_ISSUED", filter: [{ dimension: "SEX", allHeld: true }, { dimension: "CITIZENSHIP", allHeld: true }]) { period value dimensions { code } }`,
    );
    expect(all.errors).toBeUndefined();
    expect(cells(all.data.observations)).toEqual(
      ['2022:_T._T=100', '2022:F._T=40', '2022:M._T=60', '2022:_T.UZB=70', '2022:F.UZB=25', '2023:_T._T=110', '2023:_T.TJK=30'].sort(),
    );
    const bySex = await member(
      `observations(indicator: "WORK_PERMITS_ISSUED", from: "2022", to: "2022", filter: [{ dimension: "SEX", allHeld: true }, { dimension: "CITIZENSHIP", codes: ["UZB"] }]) { period value dimensions { code } }`,
    );
    expect(cells(bySex.data.observations)).toEqual(['2022:_T.UZB=70', '2022:F.UZB=25'].sort());
    // A dimension not named is still its total.
    const sexOnly = await member(
      `observations(indicator: "WORK_PERMITS_ISSUED", filter: [{ dimension: "SEX", allHeld: true }]) { period value dimensions { code } }`,
    );
    expect(cells(sexOnly.data.observations)).toEqual(['2022:_T._T=100', '2022:F._T=40', '2022:M._T=60', '2023:_T._T=110'].sort());
  });

  it('refuses codes and allHeld together, naming the dimension', async () => {
    const res = await member(
      `observations(indicator: "WORK_PERMITS_ISSUED", filter: [{ dimension: "SEX", codes: ["F"], allHeld: true }]) { value }`,
    );
    expect(res.errors?.[0]?.message).toMatch(/dimension SEX/);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('gives the history of every cell in a period range, and of one period as before', async () => {
    const range = await member(`history(indicator: "WORK_PERMITS_ISSUED", from: "2022", to: "2023") { period value validFrom validTo }`);
    expect(range.errors).toBeUndefined();
    expect(range.data.history.map((v: { period: string; value: number }) => `${v.period}=${v.value}`)).toEqual(['2022=100', '2023=110']);
    const one = await member(`history(indicator: "WORK_PERMITS_ISSUED", period: "2023") { period value }`);
    expect(one.data.history).toEqual([{ period: '2023', value: 110 }]);
  });
});
