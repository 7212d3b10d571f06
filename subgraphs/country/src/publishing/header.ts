import { Readable } from 'node:stream';
import type { Catalog } from '@migfed/schema';
import { ImportRejected, type Problem } from './problems.js';

/** Columns of SDMX-CSV 1.0 / 2.0 that are not dimensions of the catalog. */
const STRUCTURE_COLUMNS = ['DATAFLOW', 'STRUCTURE', 'STRUCTURE_ID'] as const;
const KNOWN_COLUMNS = ['ACTION', 'REF_AREA', 'FREQ', 'INDICATOR', 'TIME_PERIOD', 'OBS_VALUE', 'OBS_STATUS', 'CONF_STATUS'] as const;
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
  return name
    .replace(/^\uFEFF/, '')
    .trim()
    .replace(/^"(.*)"$/, '$1')
    .split(':')[0]!
    .trim()
    .toUpperCase();
}

/** Reads the header of an SDMX-CSV file and checks every column against the catalog. */
export function parseHeader(headerLine: string, catalog: Catalog): FileLayout {
  const line = headerLine.replace(/\r$/, '');
  const delimiter = (line.match(/;/g)?.length ?? 0) > (line.match(/,/g)?.length ?? 0) ? ';' : ',';
  const columns = line.split(delimiter).map(normalise);
  const problems: Problem[] = [];
  const index = new Map<string, number>();
  const dimensions: string[] = [];
  columns.forEach((name, i) => {
    if (index.has(name)) problems.push({ severity: 'error', line: 1, column: name, message: `column ${name} appears twice` });
    index.set(name, i);
    if (catalog.dimensions.has(name)) dimensions.push(name);
    else if (![...STRUCTURE_COLUMNS, ...KNOWN_COLUMNS].includes(name as never)) {
      problems.push({
        severity: 'error',
        line: 1,
        column: name || `#${i + 1}`,
        message: `unknown column "${name}"; expected ${REQUIRED.join(', ')}, optional OBS_STATUS, CONF_STATUS, REF_AREA, FREQ, ACTION, DATAFLOW/STRUCTURE, and dimension columns (${[...catalog.dimensions.keys()].join(', ')})`,
      });
    }
  });
  for (const name of REQUIRED) {
    if (!index.has(name)) problems.push({ severity: 'error', line: 1, message: `the header has no ${name} column` });
  }
  if (problems.length > 0) throw new ImportRejected(problems);
  return { delimiter, columns, index, dimensions };
}

/**
 * Splits a byte stream into its first line and a stream of everything after it, without reading
 * more than the first chunks: the rest flows on to COPY untouched.
 */
export async function splitHeader(source: AsyncIterable<Uint8Array | string>): Promise<{ header: string; rest: Readable }> {
  const iterator = source[Symbol.asyncIterator]();
  let buffered = Buffer.alloc(0);
  for (;;) {
    const next = await iterator.next();
    if (next.done) break;
    buffered = Buffer.concat([buffered, Buffer.from(next.value)]);
    const newline = buffered.indexOf(0x0a);
    if (newline >= 0) {
      const header = buffered.subarray(0, newline).toString('utf8');
      const remainder = buffered.subarray(newline + 1);
      async function* rest() {
        if (remainder.length > 0) yield remainder;
        for (let n = await iterator.next(); !n.done; n = await iterator.next())
          yield typeof n.value === 'string' ? Buffer.from(n.value) : n.value;
      }
      return { header, rest: Readable.from(rest(), { objectMode: false }) };
    }
    if (buffered.length > 1_000_000) break;
  }
  const text = buffered.toString('utf8');
  if (text.trim() === '') throw new ImportRejected([{ severity: 'error', line: 1, message: 'the file is empty' }]);
  return { header: text, rest: Readable.from([]) };
}
