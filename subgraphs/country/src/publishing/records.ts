import { isUtf8 } from 'node:buffer';
import { Transform, type TransformCallback } from 'node:stream';
import type { Catalog } from '@migfed/schema';
import type { FileLayout } from './header.js';
import {
  COMMA,
  CR,
  isNumber,
  LETTER_A,
  LETTER_F,
  LETTER_T,
  LF,
  NUMBER,
  needsQuotes,
  QUOTE,
  quoted,
  RowWriter,
  SEMICOLON,
  SPACE,
  splitQuoted,
  TAB,
  UNDERSCORE,
} from './copy-rows.js';
import { ImportRejected, type Problem } from './problems.js';
import { PROBLEM_LIMIT } from './validate.js';

/** The longest record (row) of a file: SDMX-CSV rows are a few hundred bytes. */
export const MAX_RECORD_BYTES = 1_000_000;

/** What COPY writes into the staging table, in this order (see staging.ts). */
export const STAGED_COLUMNS = [
  'line',
  'indicator',
  'series_key',
  'period',
  'value',
  'value_raw',
  'obs_status',
  'conf_status',
  'extra',
] as const;
/** Columns staged only when the file has them, for their checks. */
export const OPTIONAL_COLUMNS = ['ACTION', 'REF_AREA', 'FREQ'] as const;

/** Where, in a record of the file, the codes of an indicator's series key are. */
interface KeyPlan {
  /** Per dimension of the indicator, in name order: its column in the file, or -1 (total `_T`). */
  positions: number[];
  /** Dimension columns of the file the indicator does not have: `[dimension, column]`. */
  extras: [string, number][];
}

/**
 * Turns the body of an SDMX-CSV file (after the header) into rows for COPY into the staging table,
 * one chunk at a time: each row keeps the file's line number, the cell's series key (codes of the
 * indicator's dimensions in name order, `_T` for a column the file does not have), and its value
 * as a number when it is one (the raw text otherwise, for the checks). It judges nothing: every
 * rule is checked set-wise in SQL afterwards. Records are split the way PostgreSQL's CSV parser
 * splits them (a quote toggles quoting anywhere); a record with the wrong number of fields becomes
 * a problem instead of a row. Invalid UTF-8, a NUL byte and an unterminated quote reject the file.
 *
 * It works on bytes: a plain record (no quote, no stray CR, no comma in a `;` file, which is
 * nearly every record) is split and rewritten without making a string per field, because this
 * runs for every row of a million-row import. Other records take the string path (`slowRow`).
 */
export class CellShaper extends Transform {
  /** The first PROBLEM_LIMIT rows with the wrong number of fields (a file of millions stays small here). */
  readonly problems: Problem[] = [];
  /** Every row with the wrong number of fields, listed or not. */
  malformedRows = 0;
  rows = 0;
  private readonly plans = new Map<string, KeyPlan>();
  private readonly delimiter: string;
  private readonly delimiterByte: number;
  private readonly width: number;
  private readonly at: { indicator: number; period: number; value: number; obs: number; conf: number; optional: number[] };
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private carry: Buffer = Buffer.alloc(0);
  /** Line of the file where `carry` starts (the header was line 1). */
  private line = 2;
  private lastIndicator: Buffer = Buffer.alloc(0);
  private lastPlan: KeyPlan | undefined;
  private readonly names = new Map<string, Buffer>();

  constructor(
    private readonly layout: FileLayout,
    private readonly catalog: Catalog,
  ) {
    super();
    this.delimiter = layout.delimiter;
    this.delimiterByte = layout.delimiter.charCodeAt(0);
    this.width = layout.columns.length;
    const at = (name: string) => layout.index.get(name) ?? -1;
    this.at = {
      indicator: at('INDICATOR'),
      period: at('TIME_PERIOD'),
      value: at('OBS_VALUE'),
      obs: at('OBS_STATUS'),
      conf: at('CONF_STATUS'),
      optional: OPTIONAL_COLUMNS.filter((c) => layout.index.has(c)).map(at),
    };
    this.starts = new Int32Array(this.width + 1);
    this.ends = new Int32Array(this.width + 1);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    if (chunk.indexOf(0) >= 0) {
      done(new ImportRejected([{ severity: 'error', line: this.line, message: 'the file contains a NUL byte; it is not a text file' }]));
      return;
    }
    const buf = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    try {
      done(null, this.records(buf, false));
    } catch (err) {
      done(err as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    const rest = this.carry;
    this.carry = Buffer.alloc(0);
    try {
      done(null, rest.length > 0 ? this.records(rest, true) : undefined);
    } catch (err) {
      done(err as Error);
    }
  }

  /** The rows of the complete records in `buf`; an incomplete last record waits for the next chunk. */
  private records(buf: Buffer, last: boolean): Buffer | undefined {
    const out = new RowWriter(Math.max(65_536, buf.length * 2));
    const d = this.delimiterByte;
    const starts = this.starts;
    const ends = this.ends;
    const width = this.width;
    let start = 0;
    // Bytes up to the last line break are whole characters: check them once, before any use.
    const whole = last ? buf.length : buf.lastIndexOf(LF) + 1;
    if (!isUtf8(buf.subarray(0, whole))) this.notUtf8(buf, 0, whole);
    while (start < buf.length) {
      // One pass over the record's bytes: field boundaries, and whether it needs the string path.
      let fields = 0;
      let fieldStart = start;
      let quotes = 0;
      let special = false;
      let lines = 1;
      let i = start;
      let end = -1;
      const length = buf.length;
      for (; i < length; i += 1) {
        const b = buf[i]!;
        if (b > SEMICOLON) continue; // letters: nothing to look at (every special byte is below ';')
        if (b === LF) {
          if ((quotes & 1) === 0) {
            end = i;
            break;
          }
          lines += 1;
        } else if (b === QUOTE) {
          quotes += 1;
          special = true;
        } else if (b === d && (quotes & 1) === 0) {
          if (fields < width) {
            starts[fields] = fieldStart;
            ends[fields] = i;
          }
          fields += 1;
          fieldStart = i + 1;
        } else if (b === CR || (b === COMMA && d === SEMICOLON)) special = true;
      }
      if (end < 0) {
        // A record is rescanned from its start with each new chunk: bounded, so a quote left open
        // over megabytes costs a clear answer rather than minutes of scanning.
        if (length - start > MAX_RECORD_BYTES) {
          throw new ImportRejected([
            {
              severity: 'error',
              line: this.line,
              message: `the row starting here is longer than ${MAX_RECORD_BYTES / 1_000_000} MB${(quotes & 1) === 1 ? '; a quoted field is never closed' : ''}`,
            },
          ]);
        }
        if (!last) break;
        if ((quotes & 1) === 1) {
          throw new ImportRejected([{ severity: 'error', line: this.line, message: 'a quoted field starting here is never closed' }]);
        }
        end = buf.length;
      }
      let recordEnd = end;
      if (recordEnd > start && buf[recordEnd - 1] === CR) recordEnd -= 1;
      if (recordEnd > start) {
        if (fieldStart <= recordEnd && fields < width) {
          starts[fields] = fieldStart;
          ends[fields] = recordEnd;
        }
        fields += 1;
        if (fields !== width) this.malformed(fields);
        else if (special && !this.plainAfterAll(buf, start, recordEnd, quotes)) this.slowRow(buf.toString('utf8', start, recordEnd), out);
        else this.fastRow(buf, out);
      }
      this.line += lines;
      start = end + 1;
    }
    this.carry = start < buf.length ? Buffer.from(buf.subarray(start)) : Buffer.alloc(0);
    return out.finish();
  }

  /** A record flagged only for a trailing CR (already cut off) is plain after all. */
  private plainAfterAll(buf: Buffer, start: number, end: number, quotes: number): boolean {
    if (quotes > 0) return false;
    for (let i = start; i < end; i += 1) {
      const b = buf[i]!;
      if (b === CR || (b === COMMA && this.delimiterByte === SEMICOLON)) return false;
    }
    return true;
  }

  private notUtf8(buf: Buffer, from: number, to: number): never {
    let line = this.line;
    for (let i = from; i < to; i += 1) {
      if (buf[i] === LF) {
        if (!isUtf8(buf.subarray(from, i))) break;
        from = i + 1;
        line += 1;
      }
    }
    throw new ImportRejected([
      { severity: 'error', line, message: 'the file is not valid UTF-8 here; save it as UTF-8 and upload it again' },
    ]);
  }

  private malformed(fields: number): void {
    this.malformedRows += 1;
    if (this.problems.length < PROBLEM_LIMIT)
      this.problems.push({ severity: 'error', line: this.line, message: `this row has ${fields} fields; the header has ${this.width}` });
  }

  /** Bounds of the last field `trim` was called on, without surrounding spaces: [ts, te). */
  private ts = 0;
  private te = 0;

  private trim(buf: Buffer, k: number): void {
    let s = this.starts[k]!;
    let e = this.ends[k]!;
    while (s < e && (buf[s] === SPACE || buf[s] === TAB)) s += 1;
    while (e > s && (buf[e - 1] === SPACE || buf[e - 1] === TAB)) e -= 1;
    this.ts = s;
    this.te = e;
  }

  private planFor(buf: Buffer, s: number, e: number): KeyPlan {
    const last = this.lastIndicator;
    if (this.lastPlan && last.length === e - s) {
      let same = true;
      for (let i = 0; i < last.length; i += 1) {
        if (last[i] !== buf[s + i]) {
          same = false;
          break;
        }
      }
      if (same) return this.lastPlan;
    }
    this.lastIndicator = Buffer.from(buf.subarray(s, e));
    this.lastPlan = this.plan(buf.toString('utf8', s, e));
    return this.lastPlan;
  }

  private name(dimension: string): Buffer {
    let b = this.names.get(dimension);
    if (!b) {
      b = Buffer.from(`${dimension}=`);
      this.names.set(dimension, b);
    }
    return b;
  }

  /** A plain record: no quotes, so no field holds a comma, quote or line break. */
  private fastRow(buf: Buffer, out: RowWriter): void {
    this.rows += 1;
    const a = this.at;
    out.reserve(64 + 3 * (this.ends[this.width - 1]! - this.starts[0]!) + 16 * this.width);
    out.number(this.line);
    out.byte(COMMA);
    this.trim(buf, a.indicator);
    const is = this.ts;
    const ie = this.te;
    if (is === ie) out.pair(QUOTE, QUOTE);
    else out.copy(buf, is, ie);
    out.byte(COMMA);
    const plan = this.planFor(buf, is, ie);
    if (plan.positions.length === 0) out.pair(QUOTE, QUOTE);
    for (let k = 0; k < plan.positions.length; k += 1) {
      if (k > 0) out.byte(SEMICOLON);
      const p = plan.positions[k]!;
      if (p >= 0) this.trim(buf, p);
      if (p < 0 || this.ts === this.te) out.pair(UNDERSCORE, LETTER_T);
      else out.copy(buf, this.ts, this.te);
    }
    out.byte(COMMA);
    this.trim(buf, a.period);
    if (this.ts === this.te) out.pair(QUOTE, QUOTE);
    else out.copy(buf, this.ts, this.te);
    out.byte(COMMA);
    this.trim(buf, a.value);
    if (isNumber(buf, this.ts, this.te)) {
      out.copy(buf, this.ts, this.te);
      out.byte(COMMA);
    } else {
      out.pair(COMMA, QUOTE);
      out.copy(buf, this.ts, this.te);
      out.byte(QUOTE);
    }
    out.byte(COMMA);
    this.status(buf, out, a.obs, LETTER_A);
    out.byte(COMMA);
    this.status(buf, out, a.conf, LETTER_F);
    out.byte(COMMA);
    let first = true;
    for (const [dimension, p] of plan.extras) {
      this.trim(buf, p);
      const cs = this.ts;
      const ce = this.te;
      if (cs === ce || (ce - cs === 2 && buf[cs] === UNDERSCORE && buf[cs + 1] === LETTER_T)) continue;
      if (!first) out.byte(SEMICOLON);
      first = false;
      const name = this.name(dimension);
      out.reserve(name.length + ce - cs + 64);
      out.copy(name, 0, name.length);
      out.copy(buf, cs, ce);
    }
    for (const p of a.optional) {
      out.byte(COMMA);
      this.trim(buf, p);
      out.copyUpper(buf, this.ts, this.te); // empty: NULL
    }
    out.byte(LF);
  }

  private status(buf: Buffer, out: RowWriter, column: number, fallback: number): void {
    if (column >= 0) this.trim(buf, column);
    if (column < 0 || this.ts === this.te) out.byte(fallback);
    else out.copyUpper(buf, this.ts, this.te);
  }

  /** Any other record, as text: split with quotes, every field quoted as COPY needs. */
  private slowRow(record: string, out: RowWriter): void {
    const fields = splitQuoted(record, this.delimiter);
    this.rows += 1;
    const text = (s: string) => (s === '' ? '""' : needsQuotes.test(s) ? quoted(s) : s);
    const nullable = (s: string) => (s === '' ? '' : needsQuotes.test(s) ? quoted(s) : s);
    const a = this.at;
    const indicator = fields[a.indicator]!.trim();
    const plan = this.plan(indicator);
    const key = plan.positions.map((p) => (p < 0 ? '' : fields[p]!.trim()) || '_T').join(';');
    const extra = plan.extras
      .map(([dimension, p]) => [dimension, fields[p]!.trim()] as const)
      .filter(([, code]) => code !== '' && code !== '_T')
      .map(([dimension, code]) => `${dimension}=${code}`)
      .join(';');
    const raw = fields[a.value]!.trim();
    const number = NUMBER.test(raw);
    const obs = a.obs < 0 ? 'A' : fields[a.obs]!.trim().toUpperCase() || 'A';
    const conf = a.conf < 0 ? 'F' : fields[a.conf]!.trim().toUpperCase() || 'F';
    let row = `${this.line},${text(indicator)},${text(key)},${text(fields[a.period]!.trim())},${number ? raw : ''},${number ? '' : quoted(raw)},${text(obs)},${text(conf)},${nullable(extra)}`;
    for (const p of a.optional) row += `,${nullable(fields[p]!.trim().toUpperCase())}`;
    row += '\n';
    out.reserve(Buffer.byteLength(row));
    out.ascii(row);
  }

  /** The key plan of an indicator; an unknown one keys on the file's dimensions (it is an error anyway). */
  private plan(indicator: string): KeyPlan {
    let plan = this.plans.get(indicator);
    if (plan) return plan;
    const file = this.layout.dimensions;
    const own = this.catalog.indicator(indicator)?.dimensions ?? file;
    plan = {
      positions: [...own].sort().map((d) => (file.includes(d) ? this.layout.index.get(d)! : -1)),
      extras: file.filter((d) => !own.includes(d)).map((d) => [d, this.layout.index.get(d)!]),
    };
    this.plans.set(indicator, plan);
    return plan;
  }
}
