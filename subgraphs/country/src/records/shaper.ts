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
  private readonly plan: { def: ColumnDef; at: number; translate?: Translate }[];
  private readonly personAt: number[];

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
    this.plan = layout.defs
      .filter((d) => layout.index.has(d.name))
      .map((def) => ({ def, at: layout.index.get(def.name)!, ...(translate[def.name] ? { translate: translate[def.name] } : {}) }));
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
    for (;;) {
      let end = text.indexOf('\n', start);
      let lines = 1;
      // A quoted field may hold a line break: extend the record until its quotes balance.
      let quotes = 0;
      for (let i = text.indexOf('"', start); i >= 0 && (end < 0 || i < end); i = text.indexOf('"', i + 1)) quotes += 1;
      while (quotes % 2 === 1 && end >= 0) {
        const next = text.indexOf('\n', end + 1);
        for (let i = text.indexOf('"', end); i >= 0 && (next < 0 || i < next); i = text.indexOf('"', i + 1)) quotes += 1;
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
    const stored = new Map<string, string | null>();
    for (const { def, at, translate } of this.plan) {
      let value = fields[at]!.trim();
      if (def.name === 'CROSSED_AT') {
        const instant = parseInstant(value);
        if (typeof instant === 'string') this.problem(line, def.name, instant);
        else {
          stored.set('crossed_at', value); // checked above; PostgreSQL reads ISO 8601 with its offset
          stored.set('utc_offset', String(instant.offsetMin));
        }
        continue;
      }
      if (translate && value !== '') {
        const t = translate(value);
        if ('problem' in t) {
          this.problem(line, def.name, t.problem);
          continue;
        }
        value = t.code;
      }
      const checked = def.check(value);
      if ('problem' in checked) this.problem(line, def.name, checked.problem);
      else stored.set(def.stored, checked.ok);
    }
    stored.set('person', this.person(fields, line));
    const from = stored.get('valid_from');
    const to = stored.get('valid_to');
    if (from && to && to < from) this.problem(line, 'VALID_TO', 'VALID_TO is before VALID_FROM');
    if (this.problemCount > before) {
      this.rejectedRows += 1;
      // Staged with its RECORD_ID only, for the set-wise check of records given twice.
      const id = stored.get('record_id');
      return id ? `${line},${field(id)}${','.repeat(STORED[this.layout.kind].length - 1)}\n` : '';
    }
    this.rows += 1;
    let row = String(line);
    for (const column of STORED[this.layout.kind]) row += `,${field(stored.get(column) ?? null)}`;
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
