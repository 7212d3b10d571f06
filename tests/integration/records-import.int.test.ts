// The private records store: imports of crossings and permits checked with every problem at once
// (line and column, never an identity), atomic, idempotent, corrections by RECORD_ID, and
// document numbers that never reach the database.
import { createServer } from '@migfed/subgraph-country';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MigratedDatabase, migratedDatabase } from '../harness/databases.js';
import { tokenFor } from '../harness/publishing.js';
import { CROSSINGS_HEADER, PERMITS_HEADER, uploadRecords } from '../harness/records.js';

const KEY = 'test-records-key-0123456789abcdef-0123456789';

const crossings = [
  CROSSINGS_HEADER,
  'C1,P-ALI,2023-01-10T08:00:00+05:00,EXIT,AIR,DYU airport,TJK,M,1990,RUS',
  'C2,P-ALI,2023-06-01T20:30:00+03:00,ENTRY,LAND,Fotehobod,TJK,M,1990,UZB',
  'C3,P-OLGA,2023-02-03T10:00:00Z,ENTRY,AIR,DYU airport,RUS,F,1985,',
].join('\n');

describe('records import', () => {
  let db: MigratedDatabase;
  let server: Awaited<ReturnType<typeof createServer>>;
  let sql: postgres.Sql;
  let token: string;
  const count = async (table: string) => Number((await sql.unsafe(`select count(*)::int as n from records.${table}`))[0]!.n);

  beforeAll(async () => {
    db = await migratedDatabase('records_import');
    sql = postgres(db.url, { max: 1, onnotice: () => {} });
    server = await createServer({ country: 'TJK', db: db.handle.db, port: 0, admin: { handle: db.handle, recordsKey: KEY } });
    token = await tokenFor(db.handle, 'TJK');
  });
  afterAll(async () => {
    await server?.stop();
    await sql?.end();
    await db?.close();
  });

  it('needs a focal-point token', async () => {
    const res = await uploadRecords(server.url, undefined, crossings, { kind: 'crossings' });
    expect(res.status).toBe(401);
    expect(await count('crossings')).toBe(0);
  });

  it('lists every problem with line and column, never an identity, and writes nothing', async () => {
    const broken = [
      CROSSINGS_HEADER,
      'C1,P-SECRET-77,2023-01-10T08:00:00,EXIT,AIR,DYU,TJK,M,1990,',
      'C2,P-SECRET-77,2023-01-11T08:00:00+05:00,SIDEWAYS,_T,DYU,ZZZ,W,19x0,',
      ',P-SECRET-78,2023-01-12T08:00:00+05:00,ENTRY,AIR,DYU,TJK,M,1990,',
      'C4,,2023-01-12T08:00:00+05:00,ENTRY,AIR,DYU,TJK,M,1990,',
      'C5,P-SECRET-79,2023-02-30T08:00:00+05:00,ENTRY,AIR,DYU,TJK,M,1990,',
      'C2,P-SECRET-80,2023-01-12T08:00:00+05:00,ENTRY,AIR,DYU,TJK,M,1990,',
      'C7,P-SECRET-81,2023-01-12T08:00:00+05:00,ENTRY,AIR,DYU',
    ].join('\n');
    const res = await uploadRecords(server.url, token, broken, { kind: 'crossings' });
    expect(res.status).toBe(200);
    const where = res.body.errors.map((e: { line: number; column?: string }) => `${e.line}:${e.column ?? ''}`);
    expect(where).toEqual([
      '2:CROSSED_AT',
      '3:BIRTH_YEAR',
      '3:BORDER_TYPE',
      '3:CITIZENSHIP',
      '3:DIRECTION',
      '3:SEX',
      '4:RECORD_ID',
      '5:PERSON_ID',
      '6:CROSSED_AT',
      '7:RECORD_ID',
      '8:',
    ]);
    expect(res.body.errorCount).toBe(11);
    expect(res.body.ok).toBe(false);
    expect(res.body.errors.find((e: { line: number }) => e.line === 2).message).toMatch(/no UTC offset/);
    expect(res.body.errors.find((e: { line: number }) => e.line === 7).message).toMatch(/same RECORD_ID as line 3/);
    expect(JSON.stringify(res.body)).not.toMatch(/SECRET|"C2"|"C1"/);
    expect(await count('crossings')).toBe(0);
  });

  it("refuses a member's first file that gives a record twice, by line, and writes nothing", async () => {
    // The first records of a member are loaded in bulk and keyed once at the end: the key finds
    // the RECORD_ID given twice, and the lines are listed as for any later file.
    const twice = [
      CROSSINGS_HEADER,
      'C1,P-ALI,2023-01-10T08:00:00+05:00,EXIT,AIR,DYU airport,TJK,M,1990,RUS',
      'C2,P-ALI,2023-06-01T20:30:00+03:00,ENTRY,LAND,Fotehobod,TJK,M,1990,UZB',
      'C1,P-ALI,2023-07-01T20:30:00+05:00,EXIT,LAND,Fotehobod,TJK,M,1990,UZB',
    ].join('\n');
    for (const dryRun of [true, false]) {
      const res = await uploadRecords(server.url, token, twice, { kind: 'crossings', dryRun });
      expect(res.body).toMatchObject({ ok: false, errorCount: 1, added: 0 });
      expect(res.body.errors).toEqual([
        { severity: 'error', line: 4, column: 'RECORD_ID', message: 'the same RECORD_ID as line 2: give each record once' },
      ]);
    }
    expect(await count('crossings')).toBe(0);
  });

  it('refuses a file that names no person, or both kinds of identity', async () => {
    const none = await uploadRecords(
      server.url,
      token,
      'RECORD_ID,CROSSED_AT,DIRECTION,BORDER_TYPE,BORDER_POINT,CITIZENSHIP,SEX,BIRTH_YEAR\n',
      {
        kind: 'crossings',
      },
    );
    expect(none.body.errors[0].message).toMatch(/names no person/);
  });

  it('imports, re-imports without change, and corrects a record given again with new content', async () => {
    const dry = await uploadRecords(server.url, token, crossings, { kind: 'crossings', dryRun: true });
    expect(dry.body).toMatchObject({ ok: true, dryRun: true, rows: 3, added: 3 });
    expect(await count('crossings')).toBe(0);

    const first = await uploadRecords(server.url, token, crossings, { kind: 'crossings' });
    expect(first.body).toMatchObject({ ok: true, rows: 3, added: 3, corrected: 0, unchanged: 0 });
    const again = await uploadRecords(server.url, token, crossings, { kind: 'crossings' });
    expect(again.body).toMatchObject({ ok: true, rows: 3, added: 0, corrected: 0, unchanged: 3 });

    const corrected = await uploadRecords(
      server.url,
      token,
      `${CROSSINGS_HEADER}\nC3,P-OLGA,2023-02-03T10:00:00Z,ENTRY,AIR,DYU airport,RUS,F,1986,KAZ`,
      {
        kind: 'crossings',
      },
    );
    expect(corrected.body).toMatchObject({ ok: true, added: 0, corrected: 1 });
    const [olga] = await sql`select birth_year, partner_country, utc_offset, crossed_at from records.crossings where record_id = 'C3'`;
    expect(olga).toMatchObject({ birth_year: 1986, partner_country: 'KAZ', utc_offset: 0 });
    const [ali] = await sql`select utc_offset, crossed_at from records.crossings where record_id = 'C2'`;
    expect(ali!.utc_offset).toBe(180);
    expect(new Date(ali!.crossed_at).toISOString()).toBe('2023-06-01T17:30:00.000Z');
    expect(await count('crossings')).toBe(3);
  });

  it('imports permits, with VALID_TO empty meaning open-ended', async () => {
    const file = [
      PERMITS_HEADER,
      'R1,P-OLGA,RESIDENCE,FAM,2023-03-01,2023-03-10,,RUS,F,1986',
      'W1,P-OLGA,WORK,EMP,2023-04-01,2023-04-01,2024-03-31,RUS,F,1986',
      'R2,P-X,RESIDENCE,STUDY,2023-03-01,2023-03-10,2023-03-01,RUS,F,1986',
      'R3,P-Y,RESIDENCE,FAM,2023-03-01,2023-03-10,2023-03-09,RUS,F,1986',
    ].join('\n');
    const bad = await uploadRecords(server.url, token, file, { kind: 'permits' });
    expect(bad.body.errors.map((e: { line: number; column: string }) => `${e.line}:${e.column}`)).toEqual([
      '4:REASON',
      '4:VALID_TO',
      '5:VALID_TO',
    ]);
    const good = await uploadRecords(server.url, token, file.split('\n').slice(0, 3).join('\n'), { kind: 'permits' });
    expect(good.body).toMatchObject({ ok: true, added: 2 });
    expect((await sql`select valid_to from records.permits where record_id = 'R1'`)[0]!.valid_to).toBeNull();
  });

  it('refuses a file without other problems that gives a record twice, new or already stored, by line', async () => {
    const before = await sql`select record_id, birth_year from records.crossings order by record_id`;
    const twice = [
      CROSSINGS_HEADER,
      'C9,P-NEW,2023-05-01T08:00:00+05:00,ENTRY,AIR,DYU airport,TJK,M,1990,RUS',
      'C1,P-ALI,2023-01-10T08:00:00+05:00,EXIT,AIR,DYU airport,TJK,M,1991,RUS',
      'C9,P-NEW,2023-05-02T08:00:00+05:00,ENTRY,AIR,DYU airport,TJK,M,1990,RUS',
      'C1,P-ALI,2023-01-10T08:00:00+05:00,EXIT,AIR,DYU airport,TJK,M,1992,RUS',
    ].join('\n');
    const res = await uploadRecords(server.url, token, twice, { kind: 'crossings' });
    expect(res.body).toMatchObject({ ok: false, errorCount: 2 });
    expect(res.body.errors.map((e: { line: number; column: string; message: string }) => `${e.line}:${e.column}:${e.message}`)).toEqual([
      '4:RECORD_ID:the same RECORD_ID as line 2: give each record once',
      '5:RECORD_ID:the same RECORD_ID as line 3: give each record once',
    ]);
    expect(await sql`select record_id, birth_year from records.crossings order by record_id`).toEqual(before);
  });
});
