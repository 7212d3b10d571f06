// CITIZENS_ABROAD by COUNTRY_OF_RESIDENCE is an ordinary catalog indicator: a focal point imports
// it in SDMX-CSV like any other, a bad code is named by line and column, and the published figures
// answer with the partner dimension.
import { Readable } from 'node:stream';
import { loadCatalog } from '@migfed/schema';
import { createServer } from '@migfed/subgraph-country';
import { importFile, publishRelease } from '@migfed/subgraph-country/operator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MigratedDatabase, migratedDatabase } from '../harness/databases.js';
import { gql } from '../harness/graphql.js';

const FILE = `INDICATOR;SEX;COUNTRY_OF_RESIDENCE;TIME_PERIOD;OBS_VALUE;OBS_STATUS
CITIZENS_ABROAD;_T;_T;2023;1500;A
CITIZENS_ABROAD;_T;RUS;2023;900;A
CITIZENS_ABROAD;_T;KAZ;2023;400;A
CITIZENS_ABROAD;_T;_O;2023;200;A
CITIZENS_ABROAD;F;_T;2023;600;A
CITIZENS_ABROAD;M;_T;2023;900;A
`;
const actor = { tokenId: null, name: 'test' };

describe('CITIZENS_ABROAD in an SDMX-CSV import', () => {
  let db: MigratedDatabase;
  let server: Awaited<ReturnType<typeof createServer>>;
  beforeAll(async () => {
    db = await migratedDatabase('citizens_abroad');
    server = await createServer({ country: 'TJK', db: db.handle.db, port: 0 });
  });
  afterAll(async () => {
    await server?.stop();
    await db?.close();
  });

  it('refuses a code that is not a territory, naming its line and column', async () => {
    const report = await importFile(db.handle, loadCatalog(), Readable.from([FILE.replace(';_T;KAZ;', ';_T;KZ;')]), {
      country: 'TJK',
      release: 'bad',
      dryRun: false,
      actor,
    });
    expect(report.ok).toBe(false);
    expect(report.errors).toEqual([
      expect.objectContaining({ line: 4, column: 'COUNTRY_OF_RESIDENCE', message: expect.stringContaining('"KZ"') }),
    ]);
  });

  it('imports, publishes and answers by country of residence', async () => {
    const report = await importFile(db.handle, loadCatalog(), Readable.from([FILE]), {
      country: 'TJK',
      release: 'diaspora 2023',
      dryRun: false,
      actor,
    });
    expect(report).toMatchObject({ ok: true, written: 6 });
    await db.handle.transaction((s) => publishRelease(s, 'TJK', 'diaspora 2023'));
    const res = await gql(
      server.url,
      `{ _entities(representations: [{ __typename: "TJK", iso3: "TJK" }]) { ... on TJK {
        observations(indicator: "CITIZENS_ABROAD", from: "2023", to: "2023", filter: [{ dimension: "COUNTRY_OF_RESIDENCE", codes: ["RUS", "KAZ", "_O"] }]) {
          value dimensions { dimension code } } } } }`,
    );
    expect(res.errors).toBeUndefined();
    const byCode = Object.fromEntries(
      res.data._entities[0].observations.map((o: { value: number; dimensions: { dimension: string; code: string }[] }) => [
        o.dimensions.find((d) => d.dimension === 'COUNTRY_OF_RESIDENCE')!.code,
        o.value,
      ]),
    );
    expect(byCode).toEqual({ RUS: 900, KAZ: 400, _O: 200 });
  });
});
