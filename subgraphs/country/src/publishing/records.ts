import { Transform, type TransformCallback } from 'node:stream';
import { ImportRejected, type Problem } from './problems.js';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/**
 * Walks the bytes of a CSV body (after the header) the way PostgreSQL's COPY splits records
 * (a quote toggles quoting anywhere; `""` toggles twice), and rewrites each record as
 * `<line>,<record>`: COPY then stores the file's own line number with every row, blank lines are
 * skipped, and a record with the wrong number of fields becomes an empty placeholder plus a
 * problem, instead of an error that would stop COPY (whose failure mid-stream also hangs
 * postgres.js). Invalid UTF-8, NUL bytes and an unterminated quote reject the file at once.
 */
export class RecordScanner extends Transform {
  readonly problems: Problem[] = [];
  readonly malformedLines: number[] = [];
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private pending: Buffer[] = [];
  private inQuotes = false;
  private fields = 1;
  private line = 2; // the header was line 1
  private recordLine = 2;

  constructor(private readonly delimiter: number, private readonly columns: number) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    try {
      this.decoder.decode(chunk, { stream: true });
    } catch {
      return done(new ImportRejected([{ severity: 'error', line: this.line, message: 'the file is not valid UTF-8 here; save it as UTF-8 and upload it again' }]));
    }
    const out: Buffer[] = [];
    let start = 0;
    for (let i = 0; i < chunk.length; i += 1) {
      const byte = chunk[i]!;
      if (byte === QUOTE) this.inQuotes = !this.inQuotes;
      else if (byte === 0) {
        return done(new ImportRejected([{ severity: 'error', line: this.line, message: 'the file contains a NUL byte; it is not a text file' }]));
      } else if (byte === this.delimiter && !this.inQuotes) this.fields += 1;
      else if (byte === LF) {
        this.line += 1;
        if (this.inQuotes) continue;
        this.pending.push(chunk.subarray(start, i));
        this.endRecord(out);
        start = i + 1;
      }
    }
    if (start < chunk.length) this.pending.push(chunk.subarray(start));
    done(null, out.length > 0 ? Buffer.concat(out) : undefined);
  }

  override _flush(done: TransformCallback): void {
    if (this.inQuotes) {
      return done(new ImportRejected([{ severity: 'error', line: this.recordLine, message: 'a quoted field starting here is never closed' }]));
    }
    const out: Buffer[] = [];
    if (this.pending.some((p) => p.length > 0)) this.endRecord(out);
    done(null, out.length > 0 ? Buffer.concat(out) : undefined);
  }

  private endRecord(out: Buffer[]): void {
    let record = Buffer.concat(this.pending);
    if (record.length > 0 && record[record.length - 1] === CR) record = record.subarray(0, -1);
    const line = this.recordLine;
    if (record.length > 0) {
      if (this.fields !== this.columns) {
        this.problems.push({ severity: 'error', line, message: `this row has ${this.fields} fields; the header has ${this.columns}` });
        this.malformedLines.push(line);
        record = Buffer.from(String.fromCharCode(this.delimiter).repeat(this.columns - 1));
      }
      out.push(Buffer.from(`${line}${String.fromCharCode(this.delimiter)}`), record, Buffer.from('\n'));
    }
    this.pending = [];
    this.fields = 1;
    this.recordLine = this.line;
  }
}
