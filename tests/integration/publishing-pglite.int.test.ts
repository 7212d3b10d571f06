// The embedded demo runs on PGlite: the same import → publish → revise path must work there
// (PGlite takes COPY input as one blob, so this is a different code path in the kit).
import { loadCatalog } from '@migfed/schema';
import { createServer, migrate } from '@migfed/subgraph-country';
import { createToken, importFile, publishRelease } from '@migfed/subgraph-country/operator';
import { createDb, openPglite } from '@migfed/subgraph-kit';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql } from '../harness/graphql.js';
import { upload } from '../harness/publishing.js';

const FILE = `INDICATOR;SEX;TIME_PERIOD;OBS_VALUE;OBS_STATUS
WORK_PERMITS_ISSUED;_T;2023;100;A
WORK_PERMITS_ISSUED;F;2023;40;A
WORK_PERMITS_ISSUED;M;2023;60;A
`;

describe('publishing on PGlite', () => {
  let db: ReturnType<typeof createDb>;
  let server: Awaited<ReturnType<typeof createServer>>;

  beforeAll(async () => {
    db = createDb({ pglite: await openPglite() });
    await migrate(db);
    server = await createServer({ country: 'ARM', db: db.db, port: 0, admin: { handle: db } });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('imports, publishes and revises, with the earlier figure behind asOf', async () => {
    const actor = { tokenId: null, name: 'test' };
    const first = await importFile(db, loadCatalog(), Readable.from([FILE]), { country: 'ARM', release: 'r1', dryRun: false, actor });
    expect(first).toMatchObject({ ok: true, written: 3 });
    await db.transaction((s) => publishRelease(s, 'ARM', 'r1'));
    const cited = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    const token = await db.transaction(async (s) => (await createToken(s, 'ARM', 'fp')).token);
    const second = await upload(server.url, token, FILE.replace(';_T;2023;100;', ';_T;2023;110;').replace(';M;2023;60;', ';M;2023;70;'), {
      release: 'r2',
    });
    expect(second.report).toMatchObject({ ok: true, written: 3 });
    await db.transaction((s) => publishRelease(s, 'ARM', 'r2'));
    const read = async (asOf?: string) =>
      (
        await gql(
          server.url,
          `query($asOf: DateTime) { _entities(representations: [{ __typename: "ARM", iso3: "ARM" }]) { ... on ARM { observations(indicator: "WORK_PERMITS_ISSUED", asOf: $asOf) { value } } } }`,
          { asOf },
        )
      ).data._entities[0].observations;
    expect(await read()).toEqual([{ value: 110 }]);
    expect(await read(cited)).toEqual([{ value: 100 }]);
  });

  it('reports a broken file the same way as on PostgreSQL', async () => {
    const report = await importFile(db, loadCatalog(), Readable.from([FILE.replace(';F;2023;40;', ';X;2023;40;')]), {
      country: 'ARM',
      release: 'r3',
      dryRun: true,
      actor: { tokenId: null, name: 't' },
    });
    expect(report.errors).toEqual([expect.objectContaining({ line: 3, column: 'SEX', message: 'unknown code "X" for SEX' })]);
  });
});
