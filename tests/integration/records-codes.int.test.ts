// Codes that real records carry: stateless persons are XXA (not SDMX's _Z, "not applicable"), ICAO
// Doc 9303 codes on travel documents are mapped explicitly, and a code that means different things
// in ICAO's and UNHCR's conventions needs the file's convention.
import { Readable } from 'node:stream';
import { loadCatalog } from '@migfed/schema';
import { migrate } from '@migfed/subgraph-country';
import { importFile, importRecords } from '@migfed/subgraph-country/operator';
import { createDb } from '@migfed/subgraph-kit';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../harness/context.js';
import { migrateCountryBefore } from '../harness/databases.js';
import { CROSSINGS_HEADER } from '../harness/records.js';

const actor = { tokenId: null, name: 'test' };
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function database(prefix: string) {
  const db = await testDatabase(prefix);
  const handle = createDb({ url: db.url });
  const sql = postgres(db.url, { max: 1, onnotice: () => {} });
  cleanups.push(async () => {
    await sql.end();
    await handle.close();
    await db.drop();
  });
  return { handle, sql };
}

describe('stateless is XXA', () => {
  it('moves cells stored with CITIZENSHIP _Z to XXA when the member upgrades (migration 0007)', async () => {
    const { handle, sql } = await database('codes_upgrade');
    await migrateCountryBefore(handle, '0007');
    const file = `INDICATOR,CITIZENSHIP,SEX,AGE,TIME_PERIOD,OBS_VALUE
STOCK_FOREIGNERS,_Z,_T,_T,2023,41
STOCK_FOREIGNERS,UKR,_T,_T,2023,900
WORK_PERMITS_ISSUED,_Z,F,,2023,3
`;
    expect(
      await importFile(handle, loadCatalog(), Readable.from([file]), { country: 'MDA', release: '2023', dryRun: false, actor }),
    ).toMatchObject({
      ok: true,
      written: 3,
    });
    await migrate(handle);
    const rows = await sql`select indicator, series_key, value from country.observations order by indicator, series_key`;
    expect(rows.map((r) => [r.indicator, r.series_key, r.value])).toEqual([
      ['STOCK_FOREIGNERS', '_T;UKR;_T', 900],
      ['STOCK_FOREIGNERS', '_T;XXA;_T', 41],
      ['WORK_PERMITS_ISSUED', 'XXA;F', 3],
    ]);
  });

  it('accepts a national SDMX-CSV with XXA', async () => {
    const { handle } = await database('codes_xxa');
    await migrate(handle);
    const file = 'INDICATOR,CITIZENSHIP,TIME_PERIOD,OBS_VALUE\nRESIDENCE_PERMITS_ISSUED,XXA,2024,12\n';
    expect(
      await importFile(handle, loadCatalog(), Readable.from([file]), { country: 'GEO', release: '2024', dryRun: false, actor }),
    ).toMatchObject({
      ok: true,
      written: 1,
    });
  });
});

describe('records with ICAO and UNHCR codes', () => {
  const row = (id: string, citizenship: string, sex: string, partner: string) =>
    `${id},P${id},2024-05-01T10:00:00+04:00,ENTRY,AIR,GYD,${citizenship},${sex},1980,${partner}`;
  const file = (...rows: string[]) => [CROSSINGS_HEADER, ...rows].join('\n');

  it('maps ICAO codes with --codes icao: D is Germany, X unknown sex, RKS and UNK Kosovo, XXA stateless', async () => {
    const { handle, sql } = await database('codes_icao');
    await migrate(handle);
    const report = await importRecords(
      handle,
      loadCatalog(),
      Readable.from([file(row('1', 'D', 'X', 'RKS'), row('2', 'UNK', 'F', 'D'), row('3', 'XXA', 'M', 'XXB'))]),
      { country: 'AZE', kind: 'crossings', dryRun: false, actor, key: undefined, codes: 'icao' },
    );
    expect(report.errors).toEqual([]);
    const rows = await sql`select record_id, citizenship, sex, partner_country from records.crossings order by record_id`;
    expect(rows.map((r) => [r.record_id, r.citizenship, r.sex, r.partner_country])).toEqual([
      ['1', 'DEU', '_U', 'XKX'],
      ['2', 'XKX', 'F', 'DEU'],
      ['3', 'XXA', 'M', '_U'],
    ]);
  });

  it('reads UNK as unknown with --codes unhcr, and refuses it without a convention', async () => {
    const { handle, sql } = await database('codes_unhcr');
    await migrate(handle);
    const refused = await importRecords(handle, loadCatalog(), Readable.from([file(row('1', 'UNK', 'F', ''), row('2', 'D', 'X', ''))]), {
      country: 'AZE',
      kind: 'crossings',
      dryRun: false,
      actor,
      key: undefined,
    });
    expect(refused.errors.map((e) => `${e.line}:${e.column}: ${e.message}`)).toEqual([
      '2:CITIZENSHIP: "UNK" means Kosovo on ICAO Doc 9303 travel documents and "unknown" in UNHCR files: say which the file follows with --codes icao or --codes unhcr',
      '3:CITIZENSHIP: "D" is an ICAO Doc 9303 code, not ISO 3166-1: import the file with --codes icao',
      '3:SEX: SEX "X" is the ICAO Doc 9303 code: import the file with --codes icao',
    ]);
    const unhcr = await importRecords(handle, loadCatalog(), Readable.from([file(row('1', 'UNK', 'F', 'XXA'))]), {
      country: 'AZE',
      kind: 'crossings',
      dryRun: false,
      actor,
      key: undefined,
      codes: 'unhcr',
    });
    expect(unhcr.ok).toBe(true);
    expect((await sql`select citizenship, partner_country from records.crossings`)[0]).toEqual({
      citizenship: '_U',
      partner_country: 'XXA',
    });
  });
});
