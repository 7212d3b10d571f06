// UN DESA's origin–destination table: a workbook written here in the published layout, imported
// through the command line and the importer into a real PostgreSQL, then asked of the real
// provider subgraph. Expected figures come from the formula the workbook was written with.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb, type DbHandle } from '@migfed/subgraph-kit';
import { createServer, formatImportSummary, importUndesa, migrate } from '@migfed/subgraph-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedData, UNDESA_FILE } from '../fixtures/provider-data.js';
import {
  OD_DESTINATIONS,
  OD_FIRST_FIGURE_COLUMN,
  OD_FIRST_ROW,
  OD_ORIGINS,
  OD_SEXES,
  OD_YEARS_2020,
  odFigure,
  odLongCsv,
  writeOdWorkbook,
} from '../fixtures/undesa-od-workbook.js';
import { migfed } from '../harness/cli.js';
import { testDatabase, type TestDatabase } from '../harness/context.js';
import { gql } from '../harness/graphql.js';

const dir = mkdtempSync(join(tmpdir(), 'undesa-od-'));
const WORKBOOK = join(dir, 'undesa_pd_2020_ims_stock_by_sex_destination_and_origin.xlsx');
const BAD = join(dir, 'bad_od.xlsx');
const countries = OD_DESTINATIONS.filter((d) => d.iso3);
const territoryOrigins = OD_ORIGINS.filter((o) => o.iso3);
const WORLD = OD_ORIGINS.find((o) => o.code === 900)!;

let database: TestDatabase;
let handle: DbHandle;
let server: Awaited<ReturnType<typeof createServer>>;

const count = async (table: string, release: string) =>
  (
    await handle.transaction((s) =>
      s.query<{ n: number }>(`select count(*)::int as n from provider.${table} where release = $1`, [release]),
    )
  )[0]!.n;

beforeAll(async () => {
  await writeOdWorkbook(WORKBOOK);
  // RUS × Kazakhstan (the fourth row), 1995 both sexes, holds text.
  await writeOdWorkbook(BAD, OD_YEARS_2020, (sheet) => {
    sheet.getCell(OD_FIRST_ROW + 3, OD_FIRST_FIGURE_COLUMN + 1).value = '12 345';
  });
  database = await testDatabase('provider_undesa_od');
  handle = createDb({ url: database.url });
  await migrate(handle);
  server = await createServer({ provider: 'undesa', db: handle.db, port: 0 });
});

afterAll(async () => {
  await server?.stop();
  await handle?.close();
  await database?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('importing the origin–destination workbook', () => {
  it('`undesa import <workbook>` loads every pair of territories, skips and counts regions on either side', async () => {
    const run = await migfed(['undesa', 'import', WORKBOOK, '--database-url', database.url, '--published', '2021-01-15']);
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.code).toBe(0);
    const [summary, pairs, totals] = run.stdout
      .trim()
      .split('\n')
      .filter((l) => /→/.test(l) || /^undesa release/.test(l));
    expect(summary).toMatch(/^undesa release IMS2020 \(published 2021-01-15\): imported/);
    // 4 destinations × 9 origins: 3 × 6 pairs of territories, the Europe destination's 9 rows,
    // 3 WORLD rows (the totals) and 3 × 2 region or group origins; and the note below the table.
    expect(pairs).toMatch(
      /sheet "Table 1" → migrant stock by origin \(IMS origin–destination table\): 37 rows read, 18 loaded, 19 skipped, 0 rejected/,
    );
    expect(totals).toMatch(
      /→ migrant stock \(IMS origin–destination table, origin WORLD\): 63 rows read, 63 loaded, 0 skipped, 0 rejected/,
    );
    expect(run.stdout).toMatch(/skipped 9: the destination is a region.*\(e\.g\. 908 Europe\)/);
    expect(run.stdout).toMatch(/skipped 6: the origin is a region.*\(e\.g\. 908 Europe; 1840 Other South\)/);
    expect(run.stdout).toMatch(/skipped 3: the origin is WORLD \(900\)/);
    const noteRow = OD_FIRST_ROW + OD_DESTINATIONS.length * OD_ORIGINS.length + 1;
    expect(run.stdout).toContain(`skipped 1: a row without location codes or figures (a note below the table) (e.g. row ${noteRow})`);
    expect(await count('undesa_migrant_stock_by_origin', 'IMS2020')).toBe(18 * 21);
  });

  it('importing it again changes nothing', async () => {
    const again = await importUndesa(handle, { file: WORKBOOK, publishedOn: '2021-01-15' });
    expect(again.load.outcome).toBe('unchanged');
    expect(formatImportSummary(again)).toMatch(/identical to the release already imported .*nothing changed/);
  });

  it('a bad cell is named by sheet row and column, and nothing of the file is written', async () => {
    const run = await migfed(['undesa', 'import', BAD, '--release', 'BAD', '--database-url', database.url]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Nothing was imported');
    expect(run.stderr).toContain(
      `bad_od.xlsx, sheet "Table 1", row ${OD_FIRST_ROW + 3}, column I (1995, both sexes): "12 345" is not a whole number ≥ 0`,
    );
    expect(await count('undesa_migrant_stock_by_origin', 'BAD')).toBe(0);
    expect(await count('undesa_migrant_stock', 'BAD')).toBe(0);
    const releases = await handle.transaction((s) => s.query("select label from provider.releases where provider = 'undesa'"));
    expect(releases).toEqual([{ label: 'IMS2020' }]);
    expect(await count('undesa_migrant_stock_by_origin', 'IMS2020')).toBe(18 * 21);
  });

  it('a workbook without the origin–destination header says so (the by-destination one, as published)', async () => {
    const run = await migfed([
      'undesa',
      'import',
      join(sharedData, 'undesa', 'undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx'),
      '--database-url',
      database.url,
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/sheet "Table 1" has no header row with "Location code of destination" and "Location code of origin"/);
  });
});

describe('the same table in long form (CSV)', () => {
  it('imports the same figures as the workbook; a bad value is named by line and column', async () => {
    const file = join(dir, 'od_long.csv');
    writeFileSync(file, odLongCsv());
    const result = await importUndesa(handle, { file, release: 'LONG' });
    expect(formatImportSummary(result)).toMatch(
      /od_long\.csv → migrant stock by origin \(IMS origin–destination table, long form\): 756 rows read, 378 loaded/,
    );
    const rows = (release: string) =>
      handle.transaction((s) =>
        s.query(
          `select destination, origin, year, sex, type_of_data, value from provider.undesa_migrant_stock_by_origin
           where release = $1 order by 1, 2, 3, 4`,
          [release],
        ),
      );
    expect(await rows('LONG')).toEqual(await rows('IMS2020'));
    const lines = odLongCsv().split('\n');
    lines[100] = lines[100]!.replace(/,[^,]*$/, ',-4');
    writeFileSync(file, lines.join('\n'));
    const bad = await migfed(['undesa', 'import', file, '--release', 'LONG-BAD', '--database-url', database.url]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('od_long.csv, line 101, column value: "-4" is not a whole number ≥ 0');
    expect(await count('undesa_migrant_stock_by_origin', 'LONG-BAD')).toBe(0);
  });
});

describe('the provider serves it', () => {
  const reps = countries.map((d) => ({ __typename: 'Country', iso3: d.iso3 }));

  it('migrantStockByOrigin: every origin, year and sex as published, `..` as null, regions left out', async () => {
    const res = await gql(
      server.url,
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Country { iso3 undesa {
        all: migrantStockByOrigin { originCode origin { iso3 } year sex value typeOfData release { label } }
        women2020: migrantStockByOrigin(year: 2020, sex: "F", origins: ["MDA", "GEO"]) { originCode value } } } } }`,
      { reps },
    );
    expect(res.errors).toBeUndefined();
    for (const e of res.data._entities) {
      const d = countries.find((x) => x.iso3 === e.iso3)!;
      expect(e.undesa.all).toHaveLength(territoryOrigins.length * OD_YEARS_2020.length * OD_SEXES.length);
      for (const f of e.undesa.all) {
        const o = territoryOrigins.find((x) => x.iso3 === f.originCode)!;
        expect(f.value, `${o.iso3} in ${d.iso3}, ${f.year} ${f.sex}`).toBe(odFigure(d, o, f.year, f.sex));
        expect(f.origin).toEqual({ iso3: o.iso3 });
        expect(f.typeOfData.join(' ')).toBe(d.typeOfData);
        expect(f.release.label).toBe('IMS2020');
      }
      const expected = ['MDA', 'GEO']
        .map((iso3) => territoryOrigins.find((o) => o.iso3 === iso3)!)
        .map((o) => ({ originCode: o.iso3, value: odFigure(d, o, 2020, 'F') }))
        .sort((a, b) => (b.value ?? -1) - (a.value ?? -1));
      expect(e.undesa.women2020).toEqual(expected);
    }
    const kaz = res.data._entities.find((e: { iso3: string }) => e.iso3 === 'KAZ');
    expect(
      kaz.undesa.all.find(
        (f: { originCode: string; year: number; sex: string }) => f.originCode === 'MDA' && f.year === 1995 && f.sex === '_T',
      ).value,
    ).toBeNull();
  });

  it("migrantStock: each destination's total from its WORLD row", async () => {
    const res = await gql(
      server.url,
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Country { iso3 undesa { migrantStock { year sex value typeOfData } } } } }`,
      { reps },
    );
    expect(res.errors).toBeUndefined();
    for (const e of res.data._entities) {
      const d = countries.find((x) => x.iso3 === e.iso3)!;
      expect(e.undesa.migrantStock).toHaveLength(21);
      for (const f of e.undesa.migrantStock) expect(f.value).toBe(odFigure(d, WORLD, f.year, f.sex));
    }
  });

  it('a release without an origin–destination table answers null; bad arguments are named', async () => {
    await importUndesa(handle, { file: UNDESA_FILE, release: 'DESTINATION-ONLY' });
    const res = await gql(
      server.url,
      `{ _entities(representations: [{ __typename: "Country", iso3: "RUS" }]) { ... on Country { undesa {
        od: migrantStockByOrigin(release: "DESTINATION-ONLY") { value } total: migrantStock(release: "DESTINATION-ONLY", year: 2020, sex: "_T") { value } } } } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data._entities[0].undesa.od).toBeNull();
    expect(res.data._entities[0].undesa.total).toHaveLength(1);
    const bad = await gql(
      server.url,
      `{ _entities(representations: [{ __typename: "Country", iso3: "RUS" }]) { ... on Country { undesa { migrantStockByOrigin(origins: ["kaz"]) { value } } } } }`,
    );
    expect(bad.errors?.[0]).toMatchObject({
      message: 'origins must be ISO 3166-1 alpha-3 codes, got "kaz"',
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });
});
