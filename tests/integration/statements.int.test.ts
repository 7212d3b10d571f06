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
    expect(counts[0]).toBe(4); // two observation queries, one metadata batch, one documents query
  });
});
