import { isUtf8 } from 'node:buffer';
import { Transform, type TransformCallback } from 'node:stream';
import type { Catalog } from '@migfed/schema';
import { COMMA, CR, LF, QUOTE, SPACE, splitQuoted } from '../publishing/copy-rows.js';
import { canonicalOffset, copyBytes, grow, hashBytes, sameBytes, writeInt } from './bytes.js';
import { ImportRejected, type Problem } from '../publishing/problems.js';
import type { CodeConvention } from './codes.js';
import { parseInstant, type RecordLayout } from './kinds.js';
import { pseudonym } from './pseudonym.js';
import { checkCell, field, MAX_IDENTITY, MEMO_LIMIT, planRows, type Step } from './row-plan.js';

/** At most this many problems are listed (all are counted). */
export const RECORD_PROBLEM_LIMIT = 500;

/**
 * Turns the body of a records file into COPY rows for the staging table, one chunk at a time, and
 * checks every cell on the way (codes against the catalog, dates, instants): every problem of the
 * file is collected with its line and column, and a row with a problem is staged only with its
 * RECORD_ID (for the check of records given twice). Identities are never repeated in a problem; a
 * document number is replaced by its pseudonym here, so it never leaves this process. Whole lines
 * are read as bytes, and plain records take a fast path over them (see fastRows).
 */
export class RecordShaper extends Transform {
  readonly problems: Problem[] = [];
  problemCount = 0;
  rows = 0;
  /** Data lines not staged because of a problem. */
  rejectedRows = 0;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  /** Decoded text of the general path not yet made rows (a quoted field going on past a line break). */
  private text = '';
  /** Bytes after the last line break seen. */
  private pending: Buffer | undefined;
  /** Whether the fast path may run: the person as PERSON_ID, commas between fields. */
  private readonly fast: boolean;
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  /** Line of the file where `text` starts (the header was line 1). */
  private line = 2;
  private readonly width: number;
  private readonly plan: Step[];
  private readonly personAt: number[];
  /** The stored columns in the order the rows are written, for the COPY's column list (see planRows). */
  readonly copyColumns: string[];
  /** The row being built: one COPY field per column of `copyColumns` (null: empty). */
  private readonly out: (string | null)[];
  /** A row with problems, as staged (see PLACEHOLDERS). */
  private readonly placeholders: (string | null)[];
  private readonly personSlot: number;
  private readonly recordSlot: number;
  private readonly offsetSlot: number;
  private readonly validFrom: number;
  private readonly validTo: number;

  constructor(
    private readonly layout: RecordLayout,
    catalog: Catalog,
    private readonly options: { key: string | undefined; codes: CodeConvention | undefined },
  ) {
    super();
    this.width = layout.columns.length;
    this.fast = layout.person === 'id' && layout.delimiter === ',';
    this.starts = new Int32Array(this.width);
    this.ends = new Int32Array(this.width);
    ({
      copyColumns: this.copyColumns,
      plan: this.plan,
      personAt: this.personAt,
      placeholders: this.placeholders,
      personSlot: this.personSlot,
      recordSlot: this.recordSlot,
      offsetSlot: this.offsetSlot,
      validFrom: this.validFrom,
      validTo: this.validTo,
    } = planRows(layout, catalog, options.codes));
    this.out = this.copyColumns.map(() => null);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    try {
      if (chunk.indexOf(0) >= 0) throw this.rejected('the file contains a NUL byte; it is not a text file');
      // Whole lines at a time: a line break never falls inside a UTF-8 character.
      const buf = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
      const cut = buf.lastIndexOf(LF) + 1;
      this.pending = cut < buf.length ? Buffer.from(buf.subarray(cut)) : undefined;
      done(null, cut === 0 ? undefined : this.lines(buf.subarray(0, cut), false));
    } catch (err) {
      done(err as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      const rest = this.pending ?? Buffer.alloc(0);
      this.pending = undefined;
      done(null, this.lines(rest, true));
    } catch (err) {
      done(err as Error);
    }
  }

  /** The COPY rows of whole lines (the file's last bytes when `last`): by bytes when they allow it. */
  private lines(region: Buffer, last: boolean): Buffer | string {
    if (!last && this.fast && this.text === '' && region.indexOf(QUOTE) < 0 && isUtf8(region)) return this.fastRows(region);
    this.text += this.decode(region);
    return this.records(last);
  }

  private decode(region: Buffer): string {
    try {
      return this.decoder.decode(region);
    } catch {
      // The line of the bad bytes: the lines before it are valid, and so is what `text` holds.
      let line = this.line + (this.text.match(/\n/g)?.length ?? 0);
      for (let start = 0; start < region.length; line += 1) {
        const end = region.indexOf(LF, start);
        if (!isUtf8(region.subarray(start, end < 0 ? region.length : end))) break;
        start = end < 0 ? region.length : end + 1;
      }
      throw this.rejected('the file is not valid UTF-8 here; save it as UTF-8 and upload it again', line);
    }
  }

  /**
   * The fast path over whole lines without quotes: a record of plain ASCII cells that are already
   * as stored (remembered by their bytes) becomes its COPY row by copying bytes; any other record
   * (a problem, a code to translate, spaces to trim, other characters) goes through `row`.
   */
  private fastRows(region: Buffer): Buffer {
    let out: Buffer = Buffer.allocUnsafe(region.length + (region.length >> 2) + 1024);
    let o = 0;
    for (let p = 0; p < region.length; ) {
      const nl = region.indexOf(LF, p);
      // Line number, a comma, the record, 2 bytes of prefix, a comma, the offset, the line break.
      if (o + (nl - p) + 32 > out.length) out = grow(out, o, nl - p + 32);
      const e = nl > p && region[nl - 1] === CR ? nl - 1 : nl;
      const end = this.fastRow(region, p, e, out, o);
      if (end >= 0) o = end;
      else {
        const record = region.toString('utf8', p, e);
        const row = record.trim() === '' ? '' : this.row(record);
        if (o + row.length * 3 > out.length) out = grow(out, o, row.length * 3);
        o += out.write(row, o);
      }
      this.line += 1;
      p = nl + 1;
    }
    return out.subarray(0, o);
  }

  /** Writes the COPY row of the record in [p, nl) at `o` and returns where it ends, or -1 for `row` to take it. */
  private fastRow(buf: Buffer, p: number, nl: number, out: Buffer, o: number): number {
    const starts = this.starts;
    const ends = this.ends;
    const width = this.width;
    let k = 0;
    let from = p;
    for (let i = p; i < nl; i += 1) {
      const c = buf[i]!;
      if (c === COMMA) {
        if (k === width - 1) return -1;
        starts[k] = from;
        ends[k] = i;
        k += 1;
        from = i + 1;
      } else if (c >= 0x80 || c === CR) return -1;
    }
    if (k !== width - 1) return -1;
    starts[k] = from;
    ends[k] = nl;
    for (let f = 0; f < width; f += 1) {
      const a = starts[f]!;
      const b = ends[f]!;
      if (b > a && (buf[a]! <= SPACE || buf[b - 1]! <= SPACE)) return -1;
    }
    let offset = 0;
    const plan = this.plan;
    for (let i = 0; i < plan.length; i += 1) {
      const step = plan[i]!;
      const a = starts[step.at]!;
      const b = ends[step.at]!;
      if (step.instant) {
        const found = canonicalOffset(buf, a, b);
        if (found === undefined) return -1;
        offset = found;
      } else if (step.def.identity) {
        if (b === a || b - a > MAX_IDENTITY) return -1;
      } else if (!this.known(step, buf, a, b)) return -1;
    }
    const pa = starts[this.personSlot]!;
    const pb = ends[this.personSlot]!;
    if (pb === pa || pb - pa > MAX_IDENTITY) return -1;
    if (this.validFrom >= 0 && this.validTo >= 0) {
      const fa = starts[this.validFrom]!;
      const ta = starts[this.validTo]!;
      // Both YYYY-MM-DD when present (checked above), compared as text: VALID_TO before VALID_FROM is a problem.
      if (ends[this.validTo]! > ta && buf.compare(buf, fa, fa + 10, ta, ta + 10) < 0) return -1;
    }
    let w = writeInt(out, o, this.line);
    out[w++] = COMMA;
    w = copyBytes(buf, p, pa, out, w);
    out[w++] = 0x69; // i: the prefix of a person's key given as PERSON_ID
    out[w++] = 0x3a;
    w = copyBytes(buf, pa, nl, out, w);
    if (this.offsetSlot >= 0) {
      out[w++] = COMMA;
      w = writeInt(out, w, offset);
    }
    out[w++] = LF;
    this.rows += 1;
    return w;
  }

  /** Whether the cell in [a, b) is a value already checked and stored as it is written. */
  private known(step: Step, buf: Buffer, a: number, b: number): boolean {
    const hash = hashBytes(buf, a, b);
    const key = step.verbatim!.get(hash);
    if (key !== undefined) return sameBytes(buf, a, b, key);
    const value = buf.toString('latin1', a, b);
    const checked = checkCell(step, value);
    if (checked.problem !== undefined || checked.field !== value) return false;
    if (step.verbatim!.size < MEMO_LIMIT) step.verbatim!.set(hash, Buffer.from(buf.subarray(a, b)));
    return true;
  }

  private rejected(message: string, line = this.line): ImportRejected {
    return new ImportRejected([{ severity: 'error', line, message }]);
  }

  private problem(line: number, column: string | undefined, message: string): void {
    this.problemCount += 1;
    if (this.problems.length < RECORD_PROBLEM_LIMIT)
      this.problems.push({ severity: 'error', line, ...(column ? { column } : {}), message });
  }

  /** The COPY rows of the complete records in `text`; a record cut by the chunk's end waits for the next. */
  private records(last: boolean): string {
    let out = '';
    let start = 0;
    const text = this.text;
    // The next quote at or after `start` (-1: none left), found once for all the records before it.
    let quote = text.indexOf('"');
    for (;;) {
      let end = text.indexOf('\n', start);
      let lines = 1;
      // A quoted field may hold a line break: extend the record until its quotes balance.
      let quotes = 0;
      if (quote >= 0 && quote < start) quote = text.indexOf('"', start);
      for (; quote >= 0 && (end < 0 || quote < end); quote = text.indexOf('"', quote + 1)) quotes += 1;
      while (quotes % 2 === 1 && end >= 0) {
        const next = text.indexOf('\n', end + 1);
        for (; quote >= 0 && (next < 0 || quote < next); quote = text.indexOf('"', quote + 1)) quotes += 1;
        end = next;
        lines += 1;
      }
      if (end < 0) {
        if (!last) break;
        if (start >= text.length) break;
        if (quotes % 2 === 1) throw this.rejected('a quoted field starting here is never closed');
        end = text.length;
      }
      let record = text.slice(start, end);
      if (record.endsWith('\r')) record = record.slice(0, -1);
      if (record.trim() !== '') out += this.row(record);
      this.line += lines;
      start = end + 1;
      if (start >= text.length) break;
    }
    this.text = start < text.length ? text.slice(start) : '';
    return out;
  }

  private row(record: string): string {
    const line = this.line;
    const delimiter = this.layout.delimiter;
    const withQuotes = record.includes('"');
    const fields = withQuotes ? splitQuoted(record, delimiter) : record.split(delimiter);
    if (fields.length !== this.width) {
      this.problem(line, undefined, `this row has ${fields.length} fields; the header has ${this.width}`);
      this.rejectedRows += 1;
      return '';
    }
    // A record split on commas without quotes has no field that COPY needs quoted but the empty one.
    const plain = !withQuotes && delimiter === ',' && !record.includes('\r');
    const before = this.problemCount;
    const out = this.out;
    out.fill(null);
    const plan = this.plan;
    for (let i = 0; i < plan.length; i += 1) {
      const step = plan[i]!;
      let value = fields[step.at]!;
      if (value.length > 0 && (value.charCodeAt(0) <= 32 || value.charCodeAt(value.length - 1) <= 32)) value = value.trim();
      if (step.instant) {
        const instant = parseInstant(value);
        if (typeof instant === 'string') this.problem(line, step.def.name, instant);
        else {
          // Checked above: digits, dashes, colons, T, a sign or Z; PostgreSQL reads it with its offset.
          out[step.slot] = value;
          out[this.offsetSlot] = String(instant.offsetMin);
        }
        continue;
      }
      if (step.def.identity) {
        // Identities are all different and never kept: checked one by one.
        const checked = step.def.check(value);
        if ('problem' in checked) this.problem(line, step.def.name, checked.problem);
        else out[step.slot] = checked.ok === null ? null : plain && checked.ok !== '' ? checked.ok : field(checked.ok);
        continue;
      }
      const memo = step.memo!;
      let checked = memo.get(value);
      if (checked === undefined) {
        checked = checkCell(step, value);
        if (memo.size < MEMO_LIMIT) memo.set(value, checked);
      }
      if (checked.problem !== undefined) this.problem(line, step.def.name, checked.problem);
      else out[step.slot] = checked.field;
    }
    const person = this.person(fields, line);
    out[this.personSlot] = person === null ? null : plain || this.layout.person === 'document' ? person : field(person);
    if (this.validFrom >= 0 && this.validTo >= 0) {
      const from = out[this.validFrom];
      const to = out[this.validTo];
      if (from && to && to < from) this.problem(line, 'VALID_TO', 'VALID_TO is before VALID_FROM');
    }
    if (this.problemCount > before) {
      this.rejectedRows += 1;
      // Staged with its RECORD_ID (placeholders elsewhere), for the set-wise check of records given twice.
      const id = out[this.recordSlot];
      if (!id) return '';
      const staged = this.placeholders.slice();
      staged[this.recordSlot] = id;
      return this.join(line, staged);
    }
    this.rows += 1;
    return this.join(line, out);
  }

  private join(line: number, out: (string | null)[]): string {
    let row = `${line}`;
    for (let i = 0; i < out.length; i += 1) {
      const f = out[i];
      row += f === null ? ',' : `,${f}`;
    }
    return `${row}\n`;
  }

  /** The person's key: PERSON_ID as given, or the pseudonym of the document (the number goes no further). */
  private person(fields: string[], line: number): string | null {
    if (this.layout.person === 'id') {
      const id = fields[this.personAt[0]!]!.trim();
      if (id === '') this.problem(line, 'PERSON_ID', 'a record without a person is refused: PERSON_ID is empty');
      else if (id.length > 100) this.problem(line, 'PERSON_ID', 'PERSON_ID is longer than 100 characters');
      else return `i:${id}`;
      return null;
    }
    const country = fields[this.personAt[0]!]!.trim();
    const number = fields[this.personAt[1]!]!.trim();
    if (number === '') this.problem(line, 'DOCUMENT_NUMBER', 'a record without a person is refused: DOCUMENT_NUMBER is empty');
    if (country === '') this.problem(line, 'DOCUMENT_COUNTRY', 'DOCUMENT_COUNTRY is empty');
    if (number === '' || country === '') return null;
    if (!this.options.key) return null; // refused once for the whole file (see the import)
    return pseudonym(this.options.key, country, number);
  }
}
