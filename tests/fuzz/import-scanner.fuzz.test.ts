// The import scanner under hostile bytes (fast-check): whatever an upload holds — random bytes,
// near-valid SDMX-CSV with stray quotes, CRs, NULs, broken UTF-8, UTF-16, gzip, odd widths — and
// however the network cuts it into chunks, reading its header (splitHeader, parseHeader) and
// shaping its rows for COPY (CellShaper) ends within a bound of time, either with rows or with a
// rejection whose every problem names a line of the file, never with any other error (which the
// server would answer as a failure); what it produces stays proportional to what came in, and memory
// does not grow across thousands of files.
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { gzipSync } from 'node:zlib';
import { loadCatalog } from '@migfed/schema';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseHeader, splitHeader } from '../../subgraphs/country/src/publishing/header.js';
import { ImportRejected, type Problem } from '../../subgraphs/country/src/publishing/problems.js';
import { CellShaper } from '../../subgraphs/country/src/publishing/records.js';

const catalog = loadCatalog();
/** Longest one file may take to scan; a hang would take forever. */
const BOUND_MS = 5_000;

interface Scan {
  rows: number;
  problems: Problem[];
  rejected: boolean;
  outBytes: number;
}

/** Scans `bytes` the way an upload is scanned, delivered in chunks of `size` bytes. */
async function scan(bytes: Uint8Array, size: number): Promise<Scan> {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(Buffer.from(bytes.subarray(i, i + size)));
  let shaper: CellShaper | undefined;
  let outBytes = 0;
  try {
    const { header, rest } = await splitHeader(Readable.from(chunks));
    shaper = new CellShaper(parseHeader(header, catalog), catalog);
    await pipeline(
      rest,
      shaper,
      new Writable({
        write(chunk: Buffer, _e, done) {
          outBytes += chunk.length;
          done();
        },
      }),
    );
    return { rows: shaper.rows, problems: shaper.problems, rejected: false, outBytes };
  } catch (err) {
    if (err instanceof ImportRejected) return { rows: 0, problems: err.problems, rejected: true, outBytes };
    throw err;
  }
}

async function scanBounded(bytes: Uint8Array, size: number): Promise<Scan> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the scanner did not finish within ${BOUND_MS} ms`)), BOUND_MS);
  });
  try {
    return await Promise.race([scan(bytes, size), hang]);
  } finally {
    clearTimeout(timer);
  }
}

/** What must hold for any input. */
function check(bytes: Uint8Array, result: Scan): void {
  const lines = bytes.reduce((n, b) => n + (b === 0x0a ? 1 : 0), 1);
  if (result.rejected) expect(result.problems.length).toBeGreaterThan(0);
  for (const p of result.problems) {
    expect(Number.isInteger(p.line)).toBe(true);
    expect(p.line).toBeGreaterThanOrEqual(1);
    expect(p.line).toBeLessThanOrEqual(lines + 1);
    expect(p.message.length).toBeGreaterThan(0);
    expect(p.message.length).toBeLessThan(2_000);
    if (p.column !== undefined) expect(p.column.length).toBeLessThanOrEqual(61);
  }
  // COPY rows: each source byte becomes a few at most (quoting, the series key's `_T`s, line numbers).
  expect(result.outBytes).toBeLessThanOrEqual(bytes.length * 12 + 1_000);
}

const DIMENSIONS = ['SEX', 'CITIZENSHIP', 'AGE'];
const HEADER = ['DATAFLOW', 'INDICATOR', ...DIMENSIONS, 'TIME_PERIOD', 'OBS_VALUE', 'OBS_STATUS', 'CONF_STATUS'];
const field = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom('WORK_PERMITS_ISSUED', '_T', 'F', 'M', 'UKR', 'Y15-64', '2023', '2023-Q1', '12', 'A', 'F', '', ':'),
  },
  { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
  { weight: 1, arbitrary: fc.constantFrom('"', '""', '"a,b"', '"x\ny"', '\r', '\u202e', '\ufeff', '1e309', '-0', '9'.repeat(30)) },
);
const row = fc.array(field, { minLength: 5, maxLength: 10 });

/** Near-valid files: the right header (maybe), rows of plausible and hostile fields, then damage. */
const nearValid = fc
  .record({
    bom: fc.boolean(),
    delimiter: fc.constantFrom(',', ';'),
    eol: fc.constantFrom('\n', '\r\n', '\r'),
    header: fc.oneof(
      fc.constant(HEADER),
      fc.shuffledSubarray(HEADER, { minLength: 1 }),
      fc.array(fc.string({ maxLength: 10 }), { maxLength: 6 }),
    ),
    rows: fc.array(row, { maxLength: 30 }),
    damage: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
    encoding: fc.constantFrom('utf8', 'utf8', 'utf8', 'utf8', 'utf16le', 'gzip'),
  })
  .map(({ bom, delimiter, eol, header, rows, damage, encoding }) => {
    const text = `${bom ? '\ufeff' : ''}${[header, ...rows].map((r) => r.join(delimiter)).join(eol)}${eol}`;
    const bytes = Buffer.from(text, encoding === 'utf16le' ? 'utf16le' : 'utf8');
    for (const [at, value] of damage) if (bytes.length > 0) bytes[at % bytes.length] = value;
    return encoding === 'gzip' ? gzipSync(bytes) : bytes;
  });

const chunkSize = fc.oneof(fc.integer({ min: 1, max: 16 }), fc.integer({ min: 17, max: 70_000 }));

describe('the import scanner under hostile bytes', () => {
  it('random bytes: rows or a rejection naming a line, in bounded time, nothing else', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4_096 }), chunkSize, async (bytes, size) => check(bytes, await scanBounded(bytes, size))),
      { numRuns: 400 },
    );
  }, 120_000);

  it('near-valid SDMX-CSV, damaged, re-encoded and cut anywhere: the same', async () => {
    await fc.assert(
      fc.asyncProperty(nearValid, chunkSize, async (bytes, size) => check(bytes, await scanBounded(bytes, size))),
      { numRuns: 400 },
    );
  }, 120_000);

  it('a valid file gives one row per line however it is cut, and cutting never changes the answer', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 1e9 }), { minLength: 1, maxLength: 50 }), chunkSize, async (values, size) => {
        const file = Buffer.from(
          `INDICATOR,TIME_PERIOD,OBS_VALUE\r\n${values.map((v, i) => `WORK_PERMITS_ISSUED,${1990 + i},${v}`).join('\r\n')}\r\n`,
        );
        const whole = await scanBounded(file, file.length);
        const cut = await scanBounded(file, size);
        expect(whole).toMatchObject({ rows: values.length, problems: [], rejected: false });
        expect(cut).toEqual(whole);
      }),
      { numRuns: 200 },
    );
  }, 120_000);

  it('large hostile inputs stay bounded: a huge header, a huge field, many short rows', async () => {
    const cases = [
      Buffer.from(`${Array.from({ length: 199_000 }, (_, i) => `X${i}`).join(',')}\n`),
      Buffer.from(`INDICATOR,TIME_PERIOD,OBS_VALUE\nWORK_PERMITS_ISSUED,2023,"${'9'.repeat(8_000_000)}"\n`),
      Buffer.from(`INDICATOR,TIME_PERIOD,OBS_VALUE\n${'a\n'.repeat(2_000_000)}`),
      Buffer.alloc(6_000_000, 'A'), // no line end at all
    ];
    const results = [];
    for (const bytes of cases) {
      const result = await scanBounded(bytes, 65_536);
      check(bytes, result);
      expect(result.problems.length).toBeLessThanOrEqual(500);
      results.push(result);
    }
    expect(results.map((r) => [r.rejected, r.problems[0]?.message.slice(0, 40)])).toEqual([
      [true, 'unknown column "X0"; expected INDICATOR,'],
      [true, 'the row starting here is longer than 1 M'],
      [false, 'this row has 1 fields; the header has 3'],
      [true, 'the first line is longer than 4 MB witho'],
    ]);
  }, 120_000);

  it('memory does not grow across thousands of scans', async () => {
    const sample = fc.sample(fc.oneof(fc.uint8Array({ maxLength: 2_048 }), nearValid), { numRuns: 2_000, seed: 42 });
    const heap = () => {
      globalThis.gc?.();
      return process.memoryUsage().heapUsed;
    };
    for (const bytes of sample.slice(0, 200)) await scanBounded(bytes, 512);
    const before = heap();
    for (const bytes of sample) await scanBounded(bytes, 512);
    expect(heap() - before).toBeLessThan(64 * 1024 * 1024);
  }, 120_000);
});
