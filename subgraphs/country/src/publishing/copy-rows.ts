// Building blocks of the COPY rows CellShaper writes: the bytes it looks for, the number rule on
// bytes, a writer that fills buffers without a string per field, and the string path's helpers.

export const NUMBER = /^-?[0-9]{1,15}(\.[0-9]{1,6})?$/;

/** A CSV field for COPY; `""` keeps an empty string apart from NULL (an empty unquoted field). */
export const quoted = (s: string) => `"${s.replaceAll('"', '""')}"`;
export const needsQuotes = /[",\r\n]/;

export const LF = 0x0a;
export const CR = 0x0d;
export const QUOTE = 0x22;
export const COMMA = 0x2c;
export const SPACE = 0x20;
export const TAB = 0x09;
export const SEMICOLON = 0x3b;
const MINUS = 0x2d;
const DOT = 0x2e;
export const UNDERSCORE = 0x5f;
export const LETTER_T = 0x54;
export const LETTER_A = 0x41;
export const LETTER_F = 0x46;
const isDigit = (b: number) => b >= 0x30 && b <= 0x39;

/** `-?[0-9]{1,15}(\.[0-9]{1,6})?` over bytes (the same rule as NUMBER). */
export function isNumber(buf: Buffer, start: number, end: number): boolean {
  let i = start;
  if (i < end && buf[i] === MINUS) i += 1;
  const intStart = i;
  while (i < end && isDigit(buf[i]!)) i += 1;
  const intDigits = i - intStart;
  if (intDigits < 1 || intDigits > 15) return false;
  if (i === end) return true;
  if (buf[i] !== DOT) return false;
  i += 1;
  const fracStart = i;
  while (i < end && isDigit(buf[i]!)) i += 1;
  return i === end && i - fracStart >= 1 && i - fracStart <= 6;
}

/** Output of one chunk: rows written straight into buffers, no string per field. */
export class RowWriter {
  readonly parts: Buffer[] = [];
  private buf: Buffer;
  pos = 0;

  constructor(private readonly size: number) {
    this.buf = Buffer.allocUnsafe(size);
  }

  /** Makes room for `n` more bytes. */
  reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    if (this.pos > 0) this.parts.push(this.buf.subarray(0, this.pos));
    this.buf = Buffer.allocUnsafe(Math.max(this.size, n));
    this.pos = 0;
  }

  byte(b: number): void {
    this.buf[this.pos++] = b;
  }

  pair(a: number, b: number): void {
    this.buf[this.pos++] = a;
    this.buf[this.pos++] = b;
  }

  /** A non-negative integer in decimal digits. */
  number(n: number): void {
    let digits = 1;
    for (let m = n; m >= 10; m = Math.floor(m / 10)) digits += 1;
    let pos = this.pos + digits;
    this.pos = pos;
    do {
      this.buf[--pos] = 0x30 + (n % 10);
      n = Math.floor(n / 10);
    } while (n > 0);
  }

  copy(src: Buffer, start: number, end: number): void {
    // Fields are short: a loop beats the native copy's call cost.
    const buf = this.buf;
    let pos = this.pos;
    for (let i = start; i < end; i += 1) buf[pos++] = src[i]!;
    this.pos = pos;
  }

  /** ASCII letters upper-cased on the way (status and code columns). */
  copyUpper(src: Buffer, start: number, end: number): void {
    const buf = this.buf;
    let pos = this.pos;
    for (let i = start; i < end; i += 1) {
      const b = src[i]!;
      buf[pos++] = b >= 0x61 && b <= 0x7a ? b - 32 : b;
    }
    this.pos = pos;
  }

  ascii(text: string): void {
    this.pos += this.buf.write(text, this.pos, 'utf8');
  }

  finish(): Buffer | undefined {
    if (this.pos > 0) this.parts.push(this.buf.subarray(0, this.pos));
    return this.parts.length === 0 ? undefined : this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts);
  }
}

/** Splits a record with quotes as PostgreSQL's CSV parser does: `""` inside quotes is one quote. */
export function splitQuoted(record: string, delimiter: string): string[] {
  const fields: string[] = [];
  let field = '';
  let inQuotes = false;
  for (let i = 0; i < record.length; i += 1) {
    const c = record[i]!;
    if (inQuotes) {
      if (c === '"' && record[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') inQuotes = false;
      else field += c;
    } else if (c === '"') inQuotes = true;
    else if (c === delimiter) {
      fields.push(field);
      field = '';
    } else field += c;
  }
  fields.push(field);
  return fields;
}
