import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

/**
 * Parses RFC 4180 CSV (quoted fields, doubled quotes, line breaks inside quotes) into records, with the
 * same library the provider importer uses, so tests and product agree on what a CSV file says.
 * A byte-order mark is kept as it is: tests check that exports carry one.
 */
export function parseCsv(text: string): string[][] {
  return parse(text, { relaxColumnCount: true, skipEmptyLines: false }) as string[][];
}

/** A CSV file as objects keyed by its header. */
export function readCsvObjects(path: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(readFileSync(path, 'utf8'));
  return rows.filter((r) => r.length > 1).map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])));
}
