// Every per-entity lookup goes through a per-request DataLoader: the number of SQL statements a
// request costs must not grow with the number of rows or of members.
import { loadRegion, type RegionDef } from '@migfed/schema';
import { createServer as createCountry, seedCountry } from '@migfed/subgraph-country';
import { createServer as createRegistry } from '@migfed/subgraph-registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workPermits } from '../fixtures/observations.js';
import { type MigratedDatabase, migratedDatabase } from '../harness/databases.js';
import { gql } from '../harness/graphql.js';

const REGISTRY_QUERY = `{ countries { iso3 name territory { m49 } agencies { name } focalPoints { name email } } }`;

async function statementsFor(db: MigratedDatabase, url: string, query: string): Promise<number> {
  db.statements.length = 0;
  const res = await gql(url, query);
  expect(res.errors).toBeUndefined();
  return db.statements.length;
}

describe('SQL statements per request', () => {
  let db: MigratedDatabase;
  beforeAll(async () => {
    db = await migratedDatabase('statements');
  });
  afterAll(async () => db?.close());

  it('registry: the same for 3 members as for 12', async () => {
    const dsm = loadRegion('dsm');
    const small: RegionDef = { ...dsm, members: dsm.members.slice(0, 3) };
    const counts: number[] = [];
    for (const region of [small, dsm]) {
      const server = await createRegistry({ region, db: db.handle.db, port: 0 });
      try {
        counts.push(await statementsFor(db, server.url, REGISTRY_QUERY));
      } finally {
        await server.stop();
      }
    }
    expect(counts[0]).toBe(counts[1]);
    expect(counts[0]).toBeLessThanOrEqual(4);
  });

  it('country: the same for 2 years of figures as for 10', async () => {
    await seedCountry(db.handle.db, 'KAZ', workPermits(500, [2023, 2024]));
    await seedCountry(db.handle.db, 'UZB', workPermits(900, [2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024]));
    const counts: number[] = [];
    for (const iso3 of ['KAZ', 'UZB']) {
      const server = await createCountry({ country: iso3, db: db.handle.db, port: 0 });
      try {
        const query = `{ _entities(representations: [{ __typename: "${iso3}", iso3: "${iso3}" }]) { ... on ${iso3} {
          total: observations(indicator: "WORK_PERMITS_ISSUED") { period value dimensions { code territory { iso3 } } }
          bySex: observations(indicator: "WORK_PERMITS_ISSUED", filter: [{ dimension: "SEX", codes: ["F", "M"] }]) { value }
          metadata(indicator: "WORK_PERMITS_ISSUED") { agency } other: metadata(indicator: "RETURNS") { agency }
          documents { title } } } }`;
        counts.push(await statementsFor(db, server.url, query));
      } finally {
        await server.stop();
      }
    }
    expect(counts[0]).toBe(counts[1]);
    expect(counts[0]).toBe(3); // both observation queries in one statement, one metadata batch, one documents query
  });

  it('country: both sides of a mirror pair in one statement, each side with exactly its own cells', async () => {
    const cell = (indicator: string, partnerDimension: string, period: string, partner: string, value: number) => ({
      indicator,
      period,
      dimensions: { SEX: '_T', AGE: '_T', CITIZENSHIP: '_T', [partnerDimension]: partner },
      value,
      status: 'A',
      confidentiality: 'F',
      release: 'derived',
    });
    await seedCountry(db.handle.db, 'TJK', {
      observations: ['2023-01', '2023-02', '2024-01'].flatMap((period, i) => [
        cell('LONG_TERM_EMIGRATION', 'NEXT_RESIDENCE', period, 'RUS', 100 + i),
        cell('LONG_TERM_EMIGRATION', 'NEXT_RESIDENCE', period, 'KAZ', 50 + i),
        cell('LONG_TERM_EMIGRATION', 'NEXT_RESIDENCE', period, '_T', 150 + 2 * i),
        cell('LONG_TERM_IMMIGRATION', 'PREVIOUS_RESIDENCE', period, 'RUS', 30 + i),
        cell('LONG_TERM_IMMIGRATION', 'PREVIOUS_RESIDENCE', period, '_T', 30 + i),
      ]),
      metadata: [],
      documents: [],
    });
    const server = await createCountry({ country: 'TJK', db: db.handle.db, port: 0 });
    try {
      const side = (alias: string, indicator: string, dimension: string, codes: string[], range = 'from: "2023", to: "2023"') =>
        `${alias}: observations(indicator: "${indicator}", ${range}, filter: [{ dimension: "${dimension}", codes: ${JSON.stringify(codes)} }]) { period value dimensions { dimension code } }`;
      const origin = side('origin', 'LONG_TERM_EMIGRATION', 'NEXT_RESIDENCE', ['RUS', 'KAZ', 'UZB']);
      const destination = side('destination', 'LONG_TERM_IMMIGRATION', 'PREVIOUS_RESIDENCE', ['RUS', 'KAZ', 'UZB']);
      const ask = async (fields: string) => {
        db.statements.length = 0;
        const res = await gql(
          server.url,
          `{ _entities(representations: [{ __typename: "TJK", iso3: "TJK" }]) { ... on TJK { ${fields} } } }`,
        );
        expect(res.errors).toBeUndefined();
        return { answer: res.data._entities[0], reads: db.statements.filter((s) => s.includes('observation_versions')).length };
      };
      const both = await ask(`${origin} ${destination}`);
      expect(both.reads).toBe(1);
      const codes = (rows: { period: string; value: number; dimensions: { code: string }[] }[]) =>
        rows.map((r) => `${r.period} ${r.dimensions.map((d) => d.code).join('.')} ${r.value}`);
      expect(codes(both.answer.origin)).toEqual([
        '2023-01 _T._T._T.KAZ 50',
        '2023-01 _T._T._T.RUS 100',
        '2023-02 _T._T._T.KAZ 51',
        '2023-02 _T._T._T.RUS 101',
      ]);
      expect(codes(both.answer.destination)).toEqual(['2023-01 _T._T._T.RUS 30', '2023-02 _T._T._T.RUS 31']);
      // Each side alone gives the same rows; another period range is a statement of its own.
      expect((await ask(origin)).answer.origin).toEqual(both.answer.origin);
      expect((await ask(destination)).answer.destination).toEqual(both.answer.destination);
      const later = side('later', 'LONG_TERM_IMMIGRATION', 'PREVIOUS_RESIDENCE', ['RUS'], 'from: "2024", to: "2024"');
      const three = await ask(`${origin} ${destination} ${later}`);
      expect(three.reads).toBe(2);
      expect(codes(three.answer.later)).toEqual(['2024-01 _T._T._T.RUS 32']);
    } finally {
      await server.stop();
    }
  });
});
