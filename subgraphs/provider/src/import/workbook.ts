import { basename } from 'node:path';
import ExcelJS from 'exceljs';
import { ImportError } from './problems.js';

/** One row of a sheet: its 1-based number and its cells as text, column A first ('' when empty). */
export interface SheetRow {
  number: number;
  cells: string[];
}

/** A cell's value as the text a person sees: numbers as digits, formulas by their result, rich text joined. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; result?: unknown; text?: string; error?: string };
    if (v.richText) return v.richText.map((r) => r.text).join('');
    if ('result' in v) return cellText(v.result);
    if (v.error) return v.error;
    if (typeof v.text === 'string') return v.text;
  }
  return String(value);
}

/** The column's letters (1 → A, 27 → AA), as a spreadsheet names it. */
export function columnLetter(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/**
 * Streams the rows of one sheet of an .xlsx workbook (ExcelJS's streaming reader: memory stays flat
 * on UN DESA's largest tables). Stopping early (a `break`) closes the file.
 */
export async function* sheetRows(path: string, sheet: string): AsyncGenerator<SheetRow> {
  const seen: string[] = [];
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
      sharedStrings: 'cache',
      hyperlinks: 'ignore',
      styles: 'ignore',
      worksheets: 'emit',
      entries: 'ignore',
    });
    for await (const worksheet of reader) {
      const name = (worksheet as unknown as { name?: string }).name ?? '';
      seen.push(name);
      // Every sheet must be read through for the reader to reach the next one.
      if (name !== sheet) {
        for await (const _ of worksheet) {
        }
        continue;
      }
      for await (const row of worksheet) {
        const values = row.values as unknown[];
        yield {
          number: row.number,
          cells: Array.from({ length: Math.max(0, values.length - 1) }, (_, i) => cellText(values[i + 1]).trim()),
        };
      }
      return;
    }
  } catch (err) {
    if (err instanceof ImportError) throw err;
    const e = err as Error & { code?: string };
    if (e.code === 'ENOENT') throw new ImportError(`${path}: no such file`);
    throw new ImportError(`${basename(path)}: not a readable .xlsx workbook: ${e.message}`);
  }
  throw new ImportError(`${basename(path)}: no sheet "${sheet}" (its sheets: ${seen.map((s) => `"${s}"`).join(', ') || 'none'})`);
}
