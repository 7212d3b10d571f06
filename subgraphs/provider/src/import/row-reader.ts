import type { Problem } from './problems.js';

const WHOLE = /^\d+$/;
const ISO3 = /^[A-Z]{3}$/;

/**
 * Reads the cells of one CSV record by column name, checking each. The first problem is kept
 * (a row is rejected whole) and readers return a placeholder after it, so a mapping can read every
 * column without checking after each one.
 */
export class RowReader {
  problem: Problem | undefined;

  constructor(
    private readonly file: string,
    readonly line: number,
    private readonly cells: readonly string[],
    private readonly index: ReadonlyMap<string, number>,
    private readonly lineWord: 'line' | 'row' = 'line',
  ) {
    if (cells.length !== index.size) {
      this.reject(undefined, `has ${cells.length} fields, the header has ${index.size}`, 'wrong number of fields');
    }
  }

  /** Rejects the row (the first problem wins); `reason` is the message without the value, for counting. */
  reject(column: string | undefined, message: string, reason: string): void {
    this.problem ??= {
      file: this.file,
      line: this.line,
      ...(this.lineWord === 'row' ? { lineWord: 'row' as const } : {}),
      ...(column ? { column } : {}),
      message,
      reason: column ? `${column}: ${reason}` : reason,
    };
  }

  /** The cell, trimmed ('' when the column is absent). */
  text(column: string): string {
    const i = this.index.get(column);
    return i === undefined ? '' : (this.cells[i] ?? '').trim();
  }

  /** The cell, or null when empty. */
  optionalText(column: string): string | null {
    return this.text(column) || null;
  }

  /** The cell, which must not be empty. */
  requiredText(column: string): string {
    const raw = this.text(column);
    if (raw === '') this.reject(column, 'is empty', 'empty');
    return raw;
  }

  /** A count: a whole number ≥ 0. */
  count(column: string): number {
    const raw = this.text(column);
    if (!WHOLE.test(raw) || Number(raw) > 2_147_483_647) {
      this.reject(column, `"${raw}" is not a whole number ≥ 0`, 'not a whole number ≥ 0');
      return 0;
    }
    return Number(raw);
  }

  /** A count, or null when the cell is empty or holds one of `missing` (e.g. UN DESA's `..`). */
  optionalCount(column: string, missing: readonly string[] = []): number | null {
    const raw = this.text(column);
    return raw === '' || missing.includes(raw) ? null : this.count(column);
  }

  year(column: string): number {
    const raw = this.text(column);
    const year = Number(raw);
    if (!/^\d{4}$/.test(raw) || year < 1900 || year > 2100) {
      this.reject(column, `"${raw}" is not a year (1900–2100)`, 'not a year');
      return 0;
    }
    return year;
  }

  iso3(column: string): string {
    const raw = this.text(column);
    if (!ISO3.test(raw)) this.reject(column, `"${raw}" is not an ISO 3166-1 alpha-3 code`, 'not an ISO3 code');
    return raw;
  }

  /** The cell, which must match `pattern` (`what` names it in the message, e.g. "an M49 code"). */
  matching(column: string, pattern: RegExp, what: string): string {
    const raw = this.text(column);
    if (!pattern.test(raw)) this.reject(column, `"${raw}" is not ${what}`, `not ${what}`);
    return raw;
  }

  oneOf(column: string, allowed: readonly string[]): string {
    const raw = this.text(column);
    if (!allowed.includes(raw)) this.reject(column, `"${raw}" is not one of ${allowed.join(', ')}`, `not one of ${allowed.join(', ')}`);
    return raw;
  }
}
