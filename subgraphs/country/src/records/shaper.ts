import { Transform, type TransformCallback } from 'node:stream';
import type { Catalog } from '@migfed/schema';
import { needsQuotes, quoted, splitQuoted } from '../publishing/copy-rows.js';
import { ImportRejected, type Problem } from '../publishing/problems.js';
import { type CodeConvention, countryTranslator, sexTranslator, type Translate } from './codes.js';
import { type ColumnDef, parseInstant, type RecordLayout, STORED } from './kinds.js';
import { pseudonym } from './pseudonym.js';

/** At most this many problems are listed (all are counted). */
export const RECORD_PROBLEM_LIMIT = 500;

const field = (s: string | null) => (s === null ? '' : s === '' || needsQuotes.test(s) ? quoted(s) : s);

/** Distinct values remembered per column: beyond that, cells are checked one by one. */
const MEMO_LIMIT = 100_000;

type Checked = { field: string; problem?: undefined } | { problem: string; field?: undefined };

interface Step {
  def: ColumnDef;
  at: number;
  /** Position of the stored column in the COPY row (after `line`). */
  slot: number;
  translate?: Translate;
  memo: Map<string, Checked> | undefined;
}

/**
 * Turns the body of a records file into COPY rows for the staging table, one chunk at a time, and
 * checks every cell on the way (codes against the catalog, dates, instants): every problem of the
 * file is collected with its line and column, and a row with a problem is not staged. Identities
 * are never repeated in a problem; a document number is replaced by its pseudonym here, so it
 * never leaves this process.
 */
export class RecordShaper extends Transform {
  readonly problems: Problem[] = [];
  problemCount = 0;
  rows = 0;
  /** Data lines not staged because of a problem. */
  rejectedRows = 0;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private text = '';
  /** Line of the file where `text` starts (the header was line 1). */
  private line = 2;
  private readonly width: number;
  private readonly plan: Step[];
  private readonly personAt: number[];
  /** The row being built: one COPY field per stored column (null: empty). */
  private readonly out: (string | null)[];
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
    const country = countryTranslator(catalog, options.codes);
    const sex = sexTranslator(options.codes);
    const translate: Record<string, Translate> = { CITIZENSHIP: country, PARTNER_COUNTRY: country, SEX: sex };
    const stored = STORED[layout.kind];
    this.out = stored.map(() => null);
    this.personSlot = stored.indexOf('person');
    this.recordSlot = stored.indexOf('record_id');
    this.offsetSlot = stored.indexOf('utc_offset');
    this.validFrom = stored.indexOf('valid_from');
    this.validTo = stored.indexOf('valid_to');
    this.plan = layout.defs
      .filter((d) => layout.index.has(d.name))
      .map((def) => ({
        def,
        at: layout.index.get(def.name)!,
        slot: stored.indexOf(def.stored),
        // Identities are all different and never kept; codes, years and dates repeat endlessly.
        memo: def.identity ? undefined : new Map<string, Checked>(),
        ...(translate[def.name] ? { translate: translate[def.name] } : {}),
      }));
    this.personAt =
      layout.person === 'id'
        ? [layout.index.get('PERSON_ID')!]
        : [layout.index.get('DOCUMENT_COUNTRY')!, layout.index.get('DOCUMENT_NUMBER')!];
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    try {
      if (chunk.indexOf(0) >= 0) throw this.rejected('the file contains a NUL byte; it is not a text file');
      this.text += this.decode(chunk, true);
      done(null, this.records(false));
    } catch (err) {
      done(err as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      this.text += this.decode(Buffer.alloc(0), false);
      done(null, this.records(true));
    } catch (err) {
      done(err as Error);
    }
  }

  private decode(chunk: Buffer, stream: boolean): string {
    try {
      return this.decoder.decode(chunk, { stream });
    } catch {
      // The line of the bad bytes: what came before them decoded, so count its line breaks.
      throw this.rejected(
        'the file is not valid UTF-8 here; save it as UTF-8 and upload it again',
        this.line + (this.text.match(/\n/g)?.length ?? 0),
      );
    }
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
    const fields = record.includes('"') ? splitQuoted(record, this.layout.delimiter) : record.split(this.layout.delimiter);
    if (fields.length !== this.width) {
      this.problem(line, undefined, `this row has ${fields.length} fields; the header has ${this.width}`);
      this.rejectedRows += 1;
      return '';
    }
    const before = this.problemCount;
    const out = this.out;
    out.fill(null);
    for (const step of this.plan) {
      const value = fields[step.at]!.trim();
      if (step.def.name === 'CROSSED_AT') {
        const instant = parseInstant(value);
        if (typeof instant === 'string') this.problem(line, step.def.name, instant);
        else {
          out[step.slot] = field(value); // checked above; PostgreSQL reads ISO 8601 with its offset
          out[this.offsetSlot] = String(instant.offsetMin);
        }
        continue;
      }
      let checked = step.memo?.get(value);
      if (checked === undefined) {
        checked = this.check(step, value);
        if (step.memo && step.memo.size < MEMO_LIMIT) step.memo.set(value, checked);
      }
      if (checked.problem !== undefined) this.problem(line, step.def.name, checked.problem);
      else out[step.slot] = checked.field;
    }
    out[this.personSlot] = field(this.person(fields, line));
    if (this.validFrom >= 0) {
      const from = out[this.validFrom];
      const to = out[this.validTo];
      if (from && to && to < from) this.problem(line, 'VALID_TO', 'VALID_TO is before VALID_FROM');
    }
    if (this.problemCount > before) {
      this.rejectedRows += 1;
      // Staged with its RECORD_ID only, for the set-wise check of records given twice.
      const id = out[this.recordSlot];
      return id ? `${line},${id}${','.repeat(out.length - 1)}\n` : '';
    }
    this.rows += 1;
    return `${line},${out.join(',')}\n`;
  }

  /** A cell's translation and check, as a COPY field or a problem (the same for every cell of that value). */
  private check(step: Step, value: string): Checked {
    let v = value;
    if (step.translate && v !== '') {
      const t = step.translate(v);
      if ('problem' in t) return { problem: t.problem };
      v = t.code;
    }
    const checked = step.def.check(v);
    return 'problem' in checked ? { problem: checked.problem } : { field: checked.ok === null ? '' : field(checked.ok) };
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
