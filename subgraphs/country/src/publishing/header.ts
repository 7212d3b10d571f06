import { isUtf8 } from 'node:buffer';
import { Readable } from 'node:stream';
import type { Catalog } from '@migfed/schema';
import { ImportRejected, type Problem } from './problems.js';
import { PROBLEM_LIMIT } from './validate.js';

/** Columns of SDMX-CSV 1.0 / 2.0 that are not dimensions of the catalog. */
const STRUCTURE_COLUMNS = ['DATAFLOW', 'STRUCTURE', 'STRUCTURE_ID'] as const;
const KNOWN_COLUMNS = ['ACTION', 'REF_AREA', 'FREQ', 'INDICATOR', 'TIME_PERIOD', 'OBS_VALUE', 'OBS_STATUS', 'CONF_STATUS'] as const;
const NOT_DIMENSIONS = new Set<string>([...STRUCTURE_COLUMNS, ...KNOWN_COLUMNS]);
const REQUIRED = ['INDICATOR', 'TIME_PERIOD', 'OBS_VALUE'] as const;

export interface FileLayout {
  delimiter: ',' | ';';
  /** Column names as normalised from the header, in file order. */
  columns: string[];
  /** Position of each known column or dimension in the file. */
  index: Map<string, number>;
  /** Dimensions of the catalog that have a column. */
  dimensions: string[];
}

/** `SEX: Sex` (SDMX-CSV 2.0 with labels) → `SEX`; quotes, BOM and spaces removed. */
function normalise(name: string): string {
  if (/^[A-Z_][A-Z0-9_]*$/.test(name)) return name; // nearly every column: nothing to remove
  return name
    .replace(/^\uFEFF/, '')
    .trim()
    .replace(/^"(.*)"$/, '$1')
    .split(':')[0]!
    .trim()
    .toUpperCase();
}

/** A column name as it can be shown back: cut, with control and format characters made visible. */
const shown = (name: string) =>
  [...name.slice(0, 60)].map((c) => (/[\p{Cc}\p{Cf}]/u.test(c) ? `\\u{${c.codePointAt(0)!.toString(16)}}` : c)).join('') +
  (name.length > 60 ? '…' : '');

/**
 * Reads the header of an SDMX-CSV file and checks every column against the catalog. Like row
 * problems, at most PROBLEM_LIMIT are listed (with the total), so a header of 199,000 unknown
 * columns gets a short answer.
 */
export function parseHeader(headerLine: string, catalog: Catalog): FileLayout {
  const line = headerLine.replace(/\r$/, '');
  const delimiter = (line.match(/;/g)?.length ?? 0) > (line.match(/,/g)?.length ?? 0) ? ';' : ',';
  const columns = line.split(delimiter).map(normalise);
  const problems: Problem[] = [];
  let count = 0;
  // Built only for the problems listed: past PROBLEM_LIMIT they are just counted.
  const problem = (p: () => Omit<Problem, 'severity' | 'line'>) => {
    count += 1;
    if (problems.length < PROBLEM_LIMIT) problems.push({ severity: 'error', line: 1, ...p() });
  };
  const index = new Map<string, number>();
  const dimensions: string[] = [];
  const expected = `expected ${REQUIRED.join(', ')}, optional OBS_STATUS, CONF_STATUS, REF_AREA, FREQ, ACTION, DATAFLOW/STRUCTURE, and dimension columns (${[...catalog.dimensions.keys()].join(', ')})`;
  columns.forEach((name, i) => {
    if (index.has(name)) problem(() => ({ column: shown(name), message: `column ${shown(name)} appears twice` }));
    index.set(name, i);
    if (catalog.dimensions.has(name)) dimensions.push(name);
    else if (!NOT_DIMENSIONS.has(name)) {
      // The list of what is expected once, on the first problem: not 199,000 times.
      problem(() => ({
        column: shown(name) || `#${i + 1}`,
        message: `unknown column "${shown(name)}"${count === 1 ? `; ${expected}` : ''}`,
      }));
    }
  });
  for (const name of REQUIRED) {
    if (!index.has(name)) problem(() => ({ message: `the header has no ${name} column` }));
  }
  if (count > 0) throw new ImportRejected(problems, count);
  return { delimiter, columns, index, dimensions };
}

/** The longest first line read as a header: a CSV header is a few hundred bytes. */
export const MAX_HEADER_BYTES = 4_000_000;

const rejected = (message: string) => new ImportRejected([{ severity: 'error', line: 1, message }]);

/**
 * What the first bytes of an upload say it is, when it is not a UTF-8 text file: a person then
 * hears what to do ("save it as UTF-8"), not a list of unknown columns full of binary. Undefined
 * for text. `complete` says the whole first line (or the whole file) is in `head`.
 */
export function sniffNotText(head: Buffer, complete: boolean): string | undefined {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b)
    return 'the file is compressed (gzip); upload the CSV file itself, or send it with the header Content-Encoding: gzip';
  if (head.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1')))
    return 'the file is a ZIP archive (an Excel .xlsx workbook is one); save the sheet as "CSV UTF-8" and upload that';
  const bom16 = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
  // UTF-16 text without a BOM: ASCII letters with a NUL byte every other position.
  const sample = head.subarray(0, 64);
  let nulsEven = 0;
  let nulsOdd = 0;
  for (let i = 0; i < sample.length; i++) if (sample[i] === 0) i % 2 === 0 ? nulsEven++ : nulsOdd++;
  const half = Math.floor(sample.length / 2);
  if (bom16 || (sample.length >= 8 && (nulsOdd >= half - 1 || nulsEven >= half - 1)))
    return 'the file is UTF-16; save it as UTF-8 (in Excel: "CSV UTF-8"), then upload it again';
  for (const magic of ['%PDF', '\x89PNG', '\xd0\xcf\x11\xe0', 'BZh', '\xfd7zXZ'])
    if (head.subarray(0, magic.length).equals(Buffer.from(magic, 'latin1')))
      return 'the file is not a CSV text file (it looks like a document, image, old Excel workbook or archive); upload an SDMX-CSV file in UTF-8';
  const newline = head.indexOf(0x0a);
  const line = newline >= 0 ? head.subarray(0, newline) : head;
  if (line.indexOf(0) >= 0) return 'the file is not text (it has NUL bytes in its first line); upload an SDMX-CSV file in UTF-8';
  const cr = line.indexOf(0x0d);
  if (cr >= 0 && cr < line.length - 1)
    return "the file's lines end with CR only (an old Mac format); save it with Windows (CRLF) or Unix (LF) line ends";
  // A cut may fall inside a UTF-8 sequence: judge only what is surely whole.
  const checked = complete || newline >= 0 ? line : line.subarray(0, Math.max(0, line.length - 4));
  if (!isUtf8(checked)) return 'the first line is not valid UTF-8; save the file as UTF-8 (in Excel: "CSV UTF-8")';
  return undefined;
}

/**
 * Splits a byte stream into its first line and a stream of everything after it, without reading
 * more than the first chunks: the rest flows on to COPY untouched.
 */
export async function splitHeader(source: AsyncIterable<Uint8Array | string>): Promise<{ header: string; rest: Readable }> {
  const iterator = source[Symbol.asyncIterator]();
  let buffered = Buffer.alloc(0);
  let sniffed = false;
  for (;;) {
    const next = await iterator.next();
    if (next.done) break;
    buffered = Buffer.concat([buffered, Buffer.from(next.value)]);
    const newline = buffered.indexOf(0x0a);
    if (!sniffed && (newline >= 0 || buffered.length >= 64)) {
      sniffed = true;
      const notText = sniffNotText(buffered, newline >= 0);
      if (notText) throw rejected(notText);
    }
    if (newline >= 0) {
      const notText = sniffNotText(buffered.subarray(0, newline + 1), true);
      if (notText) throw rejected(notText);
      const header = buffered.subarray(0, newline).toString('utf8');
      const remainder = buffered.subarray(newline + 1);
      async function* rest() {
        if (remainder.length > 0) yield remainder;
        for (let n = await iterator.next(); !n.done; n = await iterator.next())
          yield typeof n.value === 'string' ? Buffer.from(n.value) : n.value;
      }
      return { header, rest: Readable.from(rest(), { objectMode: false }) };
    }
    if (buffered.length > MAX_HEADER_BYTES)
      throw rejected(`the first line is longer than ${MAX_HEADER_BYTES / 1_000_000} MB without a line end; it is not an SDMX-CSV header`);
  }
  const notText = sniffNotText(buffered, true);
  if (notText) throw rejected(notText);
  const text = buffered.toString('utf8');
  if (text.trim() === '') throw rejected('the file is empty');
  return { header: text, rest: Readable.from([]) };
}
