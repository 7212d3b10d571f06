// How imports become partitions (migration 0005): a member's partition appears with its first
// import, each release is one partition under it, and imports that race to create the member's
// partition all succeed. Real PostgreSQL, imports called as the upload endpoint calls them.
import { loadCatalog } from '@migfed/schema';
import { importFile } from '@migfed/subgraph-country/operator';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MigratedDatabase, migratedDatabase } from '../harness/databases.js';

const catalog = loadCatalog();
const actor = { tokenId: null, name: 'test' };
const file = (value: number) =>
  `INDICATOR,SEX,TIME_PERIOD,OBS_VALUE\nWORK_PERMITS_ISSUED,_T,2023,${value}\nWORK_PERMITS_ISSUED,F,2023,${value - 1}\n`;
const body = (text: string) =>
  (async function* () {
    yield Buffer.from(text);
  })();

describe('release partitions', () => {
  let db: MigratedDatabase;
  let sql: postgres.Sql;
  beforeAll(async () => {
    db = await migratedDatabase('partitions');
    sql = postgres(db.url, { max: 1, onnotice: () => {} });
  });
  afterAll(async () => {
    await sql?.end();
    await db?.close();
  });

  it('puts each release of a member in its own partition, created by whichever first import gets there', async () => {
    const reports = await Promise.all(
      ['a', 'b', 'c'].map((name, i) =>
        importFile(db.handle, catalog, body(file(10 + i)), { country: 'ARM', release: name, dryRun: false, actor }),
      ),
    );
    expect(reports.map((r) => [r.ok, r.written])).toEqual([
      [true, 2],
      [true, 2],
      [true, 2],
    ]);
    const tree = await sql<{ parent: string; child: string; cells: number }[]>`
      select p.relname as parent, c.relname as child, (select count(*)::int from country.observations o where o.tableoid = c.oid) as cells
        from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent
       where p.relname in ('observations', 'observations_arm') order by 1, 2`;
    const ids = await sql<{ id: number }[]>`select id from country.releases where country = 'ARM' order by id`;
    expect(tree).toEqual([
      { parent: 'observations', child: 'observations_arm', cells: 0 },
      ...ids.map((r) => ({ parent: 'observations_arm', child: `observations_r${r.id}`, cells: 2 })),
    ]);
  });

  it('accepts a long file with FREQ, REF_AREA and ACTION columns, and flags only the rows that break them', async () => {
    const cits = ['UKR', 'TUR', 'CHN', 'ROU', 'RUS', 'ISR', 'ITA', 'DEU', 'USA', 'BLR'];
    const rows = Array.from({ length: 60 }, (_, y) => cits.map((c, i) => `I,A,ARM,WORK_PERMITS_ISSUED,_T,${c},${1960 + y},${i}`)).flat();
    const header = 'ACTION,FREQ,REF_AREA,INDICATOR,SEX,CITIZENSHIP,TIME_PERIOD,OBS_VALUE';
    const good = await importFile(db.handle, catalog, body(`${header}\n${rows.join('\n')}\n`), {
      country: 'ARM',
      release: 'long',
      dryRun: true,
      actor,
    });
    expect([good.ok, good.rows, good.errorCount]).toEqual([true, 600, 0]);
    const broken = [
      ...rows.slice(0, 300),
      'I,M,ARM,WORK_PERMITS_ISSUED,_T,UKR,2030,1',
      'X,A,ARM,WORK_PERMITS_ISSUED,_T,UKR,2031,1',
      'I,A,GEO,WORK_PERMITS_ISSUED,_T,UKR,2032,1',
    ];
    const bad = await importFile(db.handle, catalog, body(`${header}\n${broken.join('\n')}\n`), {
      country: 'ARM',
      release: 'long',
      dryRun: true,
      actor,
    });
    expect(bad.errors.map((e) => [e.line, e.column])).toEqual([
      [302, 'FREQ'],
      [303, 'ACTION'],
      [304, 'REF_AREA'],
    ]);
    expect(bad.errorCount).toBe(3);
  });

  it('leaves no partition, release or table behind for a dry run or a file with errors', async () => {
    const tables = async () =>
      (await sql<{ n: number }[]>`select count(*)::int as n from pg_class where relname like 'observations_r%' and relkind = 'r'`)[0]!.n;
    const before = await tables();
    const dry = await importFile(db.handle, catalog, body(file(5)), { country: 'ARM', release: 'dry', dryRun: true, actor });
    const bad = await importFile(db.handle, catalog, body(`${file(5)}WORK_PERMITS_ISSUED,Q,2023,1\n`), {
      country: 'ARM',
      release: 'bad',
      dryRun: false,
      actor,
    });
    expect([dry.ok, bad.ok, bad.errors[0]?.message]).toEqual([true, false, 'unknown code "Q" for SEX']);
    expect(await tables()).toBe(before);
    expect(await sql`select name from country.releases where name in ('dry', 'bad')`).toHaveLength(0);
  });
});
