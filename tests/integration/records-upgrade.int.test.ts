// A member's records imported before the store was partitioned by member (migration 0009) are kept
// by the upgrade, and later files correct and add to them as before; another member's first file
// then gets a partition of its own, with RECORD_IDs of its own.
import { Readable } from 'node:stream';
import { loadCatalog } from '@migfed/schema';
import { migrate } from '@migfed/subgraph-country';
import { importRecords } from '@migfed/subgraph-country/operator';
import { createDb } from '@migfed/subgraph-kit';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { testDatabase } from '../harness/context.js';
import { migrateCountryBefore } from '../harness/databases.js';
import { CROSSINGS_HEADER } from '../harness/records.js';

const actor = { tokenId: null, name: 'test' };
const catalog = loadCatalog();

describe('records store upgrade', () => {
  it('keeps the records members had, and later files correct and add to them', async () => {
    const db = await testDatabase('records_upgrade');
    const handle = createDb({ url: db.url });
    const sql = postgres(db.url, { max: 1, onnotice: () => {} });
    try {
      await migrateCountryBefore(handle, '0009');
      await sql`insert into records.crossings (country, record_id, person, crossed_at, utc_offset, direction, border_type, border_point, citizenship, sex, birth_year, partner_country)
                values ('TJK', 'C1', 'i:P-ALI', '2023-01-10T03:00:00Z', 300, 'EXIT', 'AIR', 'DYU airport', 'TJK', 'M', 1990, 'RUS'),
                       ('TJK', 'C2', 'i:P-ALI', '2023-06-01T17:30:00Z', 180, 'ENTRY', 'LAND', 'Fotehobod', 'TJK', 'M', 1990, 'UZB'),
                       ('KGZ', 'C1', 'i:P-AIDA', '2023-03-01T06:00:00Z', 360, 'ENTRY', 'AIR', 'FRU airport', 'KAZ', 'F', 1988, null)`;
      await sql`insert into records.permits (country, record_id, person, permit_type, reason, decided_on, valid_from, valid_to, citizenship, sex, birth_year)
                values ('KGZ', 'R1', 'i:P-AIDA', 'RESIDENCE', 'FAM', '2023-03-05', '2023-03-10', null, 'KAZ', 'F', 1988)`;
      await migrate(handle);
      expect(
        (await sql`select country, record_id, person from records.crossings order by country, record_id`).map((r) => Object.values(r)),
      ).toEqual([
        ['KGZ', 'C1', 'i:P-AIDA'],
        ['TJK', 'C1', 'i:P-ALI'],
        ['TJK', 'C2', 'i:P-ALI'],
      ]);
      expect(await sql`select country, record_id, valid_to from records.permits`).toEqual([
        { country: 'KGZ', record_id: 'R1', valid_to: null },
      ]);

      const file = [
        CROSSINGS_HEADER,
        'C1,P-ALI,2023-01-10T08:00:00+05:00,EXIT,AIR,DYU airport,TJK,M,1990,RUS',
        'C2,P-ALI,2023-06-01T20:30:00+03:00,ENTRY,LAND,Fotehobod,TJK,M,1991,UZB',
        'C3,P-OLGA,2023-02-03T10:00:00Z,ENTRY,AIR,DYU airport,RUS,F,1985,',
      ].join('\n');
      const tjk = await importRecords(handle, catalog, Readable.from([file]), {
        country: 'TJK',
        kind: 'crossings',
        dryRun: false,
        actor,
        key: undefined,
      });
      expect(tjk).toMatchObject({ ok: true, added: 1, corrected: 1, unchanged: 1 });
      // A member without records yet: its first file, with a RECORD_ID another member also uses.
      const uzb = await importRecords(handle, catalog, Readable.from([file]), {
        country: 'UZB',
        kind: 'crossings',
        dryRun: false,
        actor,
        key: undefined,
      });
      expect(uzb).toMatchObject({ ok: true, added: 3, corrected: 0, unchanged: 0 });
      const again = await importRecords(handle, catalog, Readable.from([file]), {
        country: 'UZB',
        kind: 'crossings',
        dryRun: false,
        actor,
        key: undefined,
      });
      expect(again).toMatchObject({ ok: true, added: 0, corrected: 0, unchanged: 3 });
      const counts =
        await sql`select country, count(*)::int as n, max(birth_year) as latest from records.crossings group by country order by country`;
      expect(counts.map((r) => Object.values(r))).toEqual([
        ['KGZ', 1, 1988],
        ['TJK', 3, 1991],
        ['UZB', 3, 1991],
      ]);
    } finally {
      await sql.end();
      await handle.close();
      await db.drop();
    }
  });
});
