// Benchmark: the records store. Imports a crossings file of BENCH_RECORDS records (default
// 10,000,000, about 5 per person) into a member's records store and compares, in the same run and on
// the same server, with a raw COPY of the same file into a plain table (run right before and right
// after the import; their mean is the baseline); then derives every indicator from the stored
// records and compares with a COPY (SELECT … ORDER BY person, time) TO STDOUT of the same records,
// read to the end by this process (before and after the derivation, likewise). The HMAC's share of
// an import whose persons come as document numbers is measured apart (the pseudonyms alone, in this
// process). Peak RSS growth is sampled at a tenth of the records and at all of them, to show that
// memory does not grow with the number of records. `npm run bench:records` starts Node with its young
// generation at full size (--min/max-semi-space-size=16): by default V8 grows it to that ceiling
// during a long run (about 30 MB more RSS, whatever the number of records), which would read as
// growth. Prints JSON; writes bench/results/records.json.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { loadCatalog } from '@migfed/schema';
import { migrate } from '@migfed/subgraph-country';
import { deriveRelease, importRecords, pseudonym } from '@migfed/subgraph-country/operator';
import { createDb } from '@migfed/subgraph-kit';
import { startPostgres } from '@migfed/tests/harness/postgres';
import postgres from 'postgres';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 10_000_000);
const HEADER = 'RECORD_ID,PERSON_ID,CROSSED_AT,DIRECTION,BORDER_TYPE,BORDER_POINT,CITIZENSHIP,SEX,BIRTH_YEAR,PARTNER_COUNTRY';
const CITIZENSHIPS = ['TJK', 'TJK', 'TJK', 'UZB', 'RUS', 'KGZ', 'KAZ', 'AFG', 'CHN', 'TUR'];
const actor = { tokenId: null, name: 'bench' };

/** Travel histories of records/5 persons: alternating exits and entries a few months apart, 2015–2024. */
async function writeCrossings(path: string, records: number): Promise<void> {
  function* lines() {
    yield `${HEADER}\n`;
    let n = 0;
    let chunk = '';
    for (let person = 0; n < records; person += 1) {
      const citizenship = CITIZENSHIPS[person % CITIZENSHIPS.length]!;
      let at = Date.UTC(2015, 0, 1) + ((person * 7919) % 2_000) * 86_400_000 + (person % 86_400) * 1000;
      for (let k = 0; k < 5 && n < records; k += 1) {
        const exit = (k % 2 === 0) === (citizenship === 'TJK');
        const local = new Date(at + 5 * 3_600_000).toISOString().slice(0, 19);
        chunk += `R${n},P${person},${local}+05:00,${exit ? 'EXIT' : 'ENTRY'},${k % 3 ? 'LAND' : 'AIR'},point ${person % 7},${citizenship},${person % 2 ? 'F' : 'M'},${1960 + (person % 45)},RUS\n`;
        at += (60 + ((person * 31 + k * 17) % 400)) * 86_400_000;
        n += 1;
      }
      if (chunk.length > 1 << 20) {
        yield chunk;
        chunk = '';
      }
    }
    yield chunk;
  }
  await pipeline(Readable.from(lines()), createWriteStream(path));
}

function sampler() {
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  return () => {
    clearInterval(timer);
    return Math.round((peak - before) / 1e6);
  };
}

async function rawCopy(url: string, file: string): Promise<number> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  await sql.unsafe(
    `drop table if exists raw_copy; create table raw_copy (${HEADER.split(',')
      .map((c) => `${c.toLowerCase()} text`)
      .join(', ')})`,
  );
  const started = performance.now();
  await pipeline(createReadStream(file), await sql.unsafe(`copy raw_copy from stdin with (format csv, header true)`).writable());
  const ms = performance.now() - started;
  await sql.unsafe('drop table raw_copy');
  await sql.end();
  return ms;
}

/** The baseline of the derivation: every record of the member, sorted as the rule reads them, streamed out. */
async function sortedCopyOut(url: string): Promise<number> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const started = performance.now();
  const readable = await sql
    .unsafe(
      `copy (select person, record_id, crossed_at, utc_offset, direction, border_type, citizenship, sex, birth_year, partner_country
               from records.crossings where country = 'TJK' order by person, crossed_at, record_id) to stdout`,
    )
    .readable();
  await pipeline(readable, new Writable({ write: (_chunk, _enc, done) => done() }));
  const ms = performance.now() - started;
  await sql.end();
  return ms;
}

async function main() {
  const dir = await mkdtemp(join(tmpdir(), 'migfed-bench-records-'));
  const pg = await startPostgres();
  try {
    const small = join(dir, 'small.csv');
    const large = join(dir, 'large.csv');
    console.error(`writing ${RECORDS} crossing records …`);
    await writeCrossings(small, Math.round(RECORDS / 10));
    await writeCrossings(large, RECORDS);
    const catalog = loadCatalog();
    const run = async (name: string, file: string) => {
      const url = await pg.createDatabase(name);
      const handle = createDb({ url });
      await migrate(handle);
      // The baselines run right before and right after what they measure, and their mean is the
      // baseline: on a shared machine the load changes within minutes, and one baseline taken in a
      // quiet (or busy) moment would move the ratio more than the code does.
      const rawBeforeMs = await rawCopy(url, file);
      let done = sampler();
      let started = performance.now();
      const imported = await importRecords(handle, catalog, createReadStream(file), {
        country: 'TJK',
        kind: 'crossings',
        dryRun: false,
        actor,
        key: undefined,
      });
      const importMs = performance.now() - started;
      const importRssMb = done();
      if (!imported.ok) throw new Error(`import refused: ${JSON.stringify(imported.errors.slice(0, 3))}`);
      const rawAfterMs = await rawCopy(url, file);
      await handle.transaction((s) => s.query('analyze records.crossings'));
      const copyOutBeforeMs = await sortedCopyOut(url);
      done = sampler();
      started = performance.now();
      const derived = await deriveRelease(handle, catalog, { country: 'TJK', release: 'bench', actor });
      const deriveMs = performance.now() - started;
      const deriveRssMb = done();
      if (!derived.ok) throw new Error(`derivation failed: ${derived.error}`);
      const copyOutAfterMs = await sortedCopyOut(url);
      await handle.close();
      return {
        rawMs: (rawBeforeMs + rawAfterMs) / 2,
        rawBeforeMs,
        rawAfterMs,
        importMs,
        importRssMb,
        copyOutMs: (copyOutBeforeMs + copyOutAfterMs) / 2,
        copyOutBeforeMs,
        copyOutAfterMs,
        deriveMs,
        deriveRssMb,
        cells: derived.import?.written ?? 0,
      };
    };
    console.error('a tenth of the records (memory baseline) …');
    const tenth = await run('bench_records_small', small);
    console.error('all the records …');
    const all = await run('bench_records_large', large);
    // The HMAC's share: pseudonyms of as many document numbers, alone, against the import's time.
    const key = 'bench-records-key-0123456789abcdef0123456789';
    const started = performance.now();
    for (let i = 0; i < RECORDS; i += 1) pseudonym(key, 'TJK', `A${i}`);
    const hmacMs = performance.now() - started;
    const result = {
      benchmark: 'records',
      records: RECORDS,
      persons: Math.ceil(RECORDS / 5),
      fileMb: Math.round((await stat(large)).size / 1e6),
      import: {
        ms: Math.round(all.importMs),
        rawCopyMs: Math.round(all.rawMs),
        rawCopyBeforeAfterMs: [Math.round(all.rawBeforeMs), Math.round(all.rawAfterMs)],
        ratio: Number((all.importMs / all.rawMs).toFixed(2)),
        target: 'import <= 3 x raw COPY of the file',
        met: all.importMs / all.rawMs <= 3,
        hmacMs: Math.round(hmacMs),
        hmacShareOfImport: Number((hmacMs / (all.importMs + hmacMs)).toFixed(2)),
      },
      derive: {
        ms: Math.round(all.deriveMs),
        sortedCopyOutMs: Math.round(all.copyOutMs),
        sortedCopyOutBeforeAfterMs: [Math.round(all.copyOutBeforeMs), Math.round(all.copyOutAfterMs)],
        ratio: Number((all.deriveMs / all.copyOutMs).toFixed(2)),
        target: 'derive <= 3 x COPY (SELECT … ORDER BY person, time) TO STDOUT',
        met: all.deriveMs / all.copyOutMs <= 3,
        cells: all.cells,
      },
      peakRssGrowthMb: {
        import: { [`${RECORDS / 10} records`]: tenth.importRssMb, [`${RECORDS} records`]: all.importRssMb },
        derive: { [`${RECORDS / 10} records`]: tenth.deriveRssMb, [`${RECORDS} records`]: all.deriveRssMb },
      },
    };
    console.log(JSON.stringify(result, null, 2));
    await mkdir(new URL('./results/', import.meta.url), { recursive: true });
    await writeFile(new URL('./results/records.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await pg.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
