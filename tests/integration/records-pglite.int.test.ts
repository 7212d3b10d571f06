// The embedded database (PGlite, the demo's) keeps records in a folder of its own: an import with
// passport numbers and a derivation work there too, and no file of the data directory holds a
// passport number afterwards (the pseudonym is made before anything is written).
import { readdir, readFile, rm } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { loadCatalog } from '@migfed/schema';
import { migrate } from '@migfed/subgraph-country';
import { deriveRelease, importRecords } from '@migfed/subgraph-country/operator';
import { createDb, openPglite } from '@migfed/subgraph-kit';
import { afterAll, describe, expect, it } from 'vitest';
import { crossingsCsvWithPassports, travelHistories } from '../fixtures/travel-histories.js';

const people = travelHistories('TJK', 3).slice(0, 80);
const passport = (person: string) => `XP${person.slice(1)}4471`;
const file = crossingsCsvWithPassports(people, (t) => passport(t.person));

async function* files(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}

describe('records on the embedded database', () => {
  let dir: string;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('imports and derives, and the data directory holds no passport number', async () => {
    dir = await mkdtemp(join(tmpdir(), 'migfed-records-pglite-'));
    const pglite = await openPglite(dir);
    const handle = createDb({ pglite });
    await migrate(handle);
    const actor = { tokenId: null, name: 'test' };
    const key = 'pglite-records-key-0123456789abcdef0123';
    // A first file that gives a record twice: refused there too, by line, and nothing is kept.
    const lines = file.trimEnd().split('\n');
    const twice = await importRecords(handle, loadCatalog(), Readable.from([[...lines, lines[1]].join('\n')]), {
      country: 'TJK',
      kind: 'crossings',
      dryRun: false,
      actor,
      key,
    });
    expect(twice).toMatchObject({ ok: false, errorCount: 1, errors: [{ line: lines.length + 1, column: 'RECORD_ID' }] });
    expect(twice.errors[0]!.message).toBe('the same RECORD_ID as line 2: give each record once');
    const report = await importRecords(handle, loadCatalog(), Readable.from([file]), {
      country: 'TJK',
      kind: 'crossings',
      dryRun: false,
      actor,
      key,
    });
    expect(report).toMatchObject({ ok: true, added: people.flatMap((t) => t.records).length });
    const derived = await deriveRelease(handle, loadCatalog(), {
      country: 'TJK',
      release: 'from records',
      actor,
      extractedAt: new Date('2026-03-01T00:00:00Z'),
    });
    expect(derived.error).toBeNull();
    expect(derived.import?.written).toBeGreaterThan(100);
    const [persons] = (await pglite.query<{ n: number }>(`select count(distinct person)::int as n from records.crossings`)).rows;
    expect(persons!.n).toBe(people.length);
    await pglite.query('checkpoint');
    await pglite.close();

    let scanned = 0;
    for await (const path of files(dir)) {
      const bytes = await readFile(path);
      scanned += bytes.length;
      for (const t of people) {
        const found = bytes.indexOf(passport(t.person)) >= 0 || bytes.indexOf(passport(t.person).toLowerCase()) >= 0;
        if (found) throw new Error(`the passport number of ${t.person} is in ${path}`);
      }
    }
    expect(scanned).toBeGreaterThan(1_000_000);
  });
});
