// hostile input on the write path: property-based files (fast-check) sent to a real
// member's /admin/imports over a real PostgreSQL. Whatever the file, the server answers with a
// report (never a crash or a server failure), and a rejected file writes nothing: the rows of
// every table it could touch are counted before and after.
import { createServer } from '@migfed/subgraph-country';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MigratedDatabase, migratedDatabase } from '../harness/databases.js';
import { tokenFor } from '../harness/publishing.js';

const HEADER = 'DATAFLOW,INDICATOR,SEX,CITIZENSHIP,TIME_PERIOD,OBS_VALUE,OBS_STATUS,CONF_STATUS';
const VALID_ROW = ['MIGFED:DF_MIGRATION(1.0)', 'WORK_PERMITS_ISSUED', '_T', '_T', '2023', '10', 'A', 'F'];

/** Cells an attacker or a broken spreadsheet export would put in a file. */
const hostileCell = fc.oneof(
  fc.constantFrom(
    "=cmd|' /C calc'!A0",
    '+SUM(1,2)',
    '-2+3',
    '@SUM(A1)',
    '=HYPERLINK("http://x","y")',
    "'; drop table country.observations; --",
    "1' or '1'='1",
    '$1',
    '\\',
    '\\.',
    '"',
    '""',
    "O'Brien",
    '\u202e',
    '\ufeff',
    'NaN',
    'Infinity',
    '-0',
    '1e309',
    '0x10',
    '9'.repeat(40),
    ' 10 ',
    '10,5',
    '١٠',
  ),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('WORK_PERMITS_ISSUED', '_T', 'F', 'M', 'UKR', '2023', '2023-Q1', '12', 'A', 'F'),
);

const quote = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
const row = fc.array(hostileCell, { minLength: 6, maxLength: 9 }).map((cells) => cells.map(quote).join(','));
const validRow = fc.constant(VALID_ROW.join(','));

/** Whole files: a good header with hostile rows, odd framings, a huge field, or bytes at random. */
const hostileFile = fc.oneof(
  fc
    .tuple(fc.constantFrom('', '\ufeff'), fc.constantFrom('\n', '\r\n'), fc.array(fc.oneof(row, validRow), { minLength: 1, maxLength: 8 }))
    .map(([bom, eol, rows]) => Buffer.from(`${bom}${HEADER}${eol}${rows.join(eol)}${eol}`)),
  fc
    .array(row, { minLength: 1, maxLength: 4 })
    .map((rows) => Buffer.from(`${HEADER.replaceAll(',', ';')}\n${rows.join('\n').replaceAll(',', ';')}\n`)),
  fc
    .integer({ min: 100_000, max: 300_000 })
    .map((n) => Buffer.from(`${HEADER}\n${VALID_ROW.slice(0, 5).join(',')},"${'9'.repeat(n)}",A,F\n`)),
  fc.uint8Array({ minLength: 1, maxLength: 2000 }).map((bytes) => Buffer.from(bytes)),
  fc.uint8Array({ minLength: 1, maxLength: 500 }).map((bytes) => Buffer.concat([Buffer.from(`${HEADER}\n`), Buffer.from(bytes)])),
);

describe('hostile import files', () => {
  let db: MigratedDatabase;
  let server: Awaited<ReturnType<typeof createServer>>;
  let token: string;
  let n = 0;

  const counts = async () => {
    const rows = await db.handle.transaction((s) =>
      s.query<{ t: string; n: number }>(`select 'observations' as t, count(*)::int as n from country.observations
        union all select 'releases', count(*)::int from country.releases
        union all select 'audit', count(*)::int from country.audit_log`),
    );
    return Object.fromEntries(rows.map((r) => [r.t, r.n]));
  };

  beforeAll(async () => {
    db = await migratedDatabase('fuzz_imports');
    server = await createServer({ country: 'MDA', db: db.handle.db, port: 0, admin: { handle: db.handle } });
    token = await tokenFor(db.handle, 'MDA');
  });
  afterAll(async () => {
    await server?.stop();
    await db?.close();
  });

  it('answers every file with a report; a rejected file writes nothing, an accepted one only its cells', async () => {
    await fc.assert(
      fc.asyncProperty(hostileFile, async (file) => {
        const before = await counts();
        n += 1;
        const release = `fuzz ${n}`;
        const res = await fetch(new URL(`/admin/imports?release=${encodeURIComponent(release)}`, server.url), {
          method: 'POST',
          headers: { 'content-type': 'text/csv', authorization: `Bearer ${token}` },
          body: file,
        });
        expect(res.status).toBe(200);
        const lines = (await res.text())
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as { type: string; ok?: boolean; written?: number });
        const last = lines.at(-1)!;
        expect(last.type, JSON.stringify(last)).toBe('report');
        const after = await counts();
        if (last.ok) {
          expect(after.observations).toBe(before.observations! + last.written!);
        } else {
          expect(after).toEqual(before);
        }
      }),
      { numRuns: 60 },
    );
  });
});
