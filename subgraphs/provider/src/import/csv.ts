import { createReadStream } from 'node:fs';
import { parse, type Options } from 'csv-parse';
import { ImportError } from './problems.js';

export interface CsvRecord {
  /** 1-based line of the file where the record ends (the header is line 1). */
  line: number;
  cells: string[];
}

const OPTIONS: Options = { bom: true, relax_column_count: true, skip_empty_lines: true, info: true };

function parser(path: string, extra: Options = {}) {
  const source = createReadStream(path);
  const csv = parse({ ...OPTIONS, ...extra });
  // pipe() does not forward errors: a missing or unreadable file must end the iteration too.
  source.once('error', (err) => csv.destroy(err));
  return source.pipe(csv);
}

function wrap(path: string, err: unknown): Error {
  const e = err as Error & { code?: string; lines?: number };
  if (e.code === 'ENOENT') return new ImportError(`${path}: no such file`);
  const where = e.lines ? `, line ${e.lines}` : '';
  return new ImportError(`${path}${where}: not a readable CSV file: ${e.message}`);
}

/** The header of a CSV file: its column names, trimmed. */
export async function readHeader(path: string): Promise<string[]> {
  try {
    for await (const { record } of parser(path, { to_line: 1 }) as AsyncIterable<{ record: string[] }>) {
      return record.map((c) => c.trim());
    }
  } catch (err) {
    throw wrap(path, err);
  }
  throw new ImportError(`${path}: the file is empty`);
}

/** Streams the records after the header, with their line numbers; memory stays flat. */
export async function* readRecords(path: string): AsyncGenerator<CsvRecord> {
  try {
    const records = parser(path, { from_line: 2 }) as AsyncIterable<{ record: string[]; info: { lines: number } }>;
    for await (const { record, info } of records) yield { line: info.lines, cells: record };
  } catch (err) {
    throw wrap(path, err);
  }
}

/** One row of COPY … (FORMAT csv): null is an empty unquoted field, text is always quoted. */
export function toCopyLine(values: readonly unknown[]): string {
  return `${values
    .map((v) => {
      if (v === null || v === undefined) return '';
      if (typeof v === 'number') return String(v);
      return `"${String(v).replaceAll('"', '""')}"`;
    })
    .join(',')}\n`;
}
