/**
 * Byte-level helpers of the records shaper's fast path: a file of plain ASCII records (no quotes,
 * commas between fields) is checked and turned into COPY rows without making a string of every
 * cell. Anything else takes the general path over decoded text.
 */

/** FNV-1a over bytes [a, b): the key of a cell's value in the fast path's remembered values. */
export function hashBytes(buf: Uint8Array, a: number, b: number): number {
  let h = 0x811c9dc5;
  for (let i = a; i < b; i += 1) h = Math.imul(h ^ buf[i]!, 0x01000193);
  return h;
}

export function sameBytes(buf: Uint8Array, a: number, b: number, key: Uint8Array): boolean {
  if (b - a !== key.length) return false;
  for (let i = 0; i < key.length; i += 1) if (buf[a + i] !== key[i]) return false;
  return true;
}

/** Writes an integer's decimal digits at `at`; returns the position after them. */
export function writeInt(out: Uint8Array, at: number, n: number): number {
  let o = at;
  let v = n;
  if (v < 0) {
    out[o++] = 0x2d;
    v = -v;
  }
  let digits = 1;
  for (let x = v; x >= 10; x = Math.floor(x / 10)) digits += 1;
  for (let i = o + digits - 1; i >= o; i -= 1) {
    out[i] = 0x30 + (v % 10);
    v = Math.floor(v / 10);
  }
  return o + digits;
}

const monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Two decimal digits at `i` (already known to be digits). */
function two(buf: Uint8Array, i: number): number {
  return (buf[i]! - 0x30) * 10 + buf[i + 1]! - 0x30;
}

/** Copies bytes [a, b) of `from` to `at` in `to` (records are short: a loop beats a native call); returns the end. */
export function copyBytes(from: Uint8Array, a: number, b: number, to: Uint8Array, at: number): number {
  let o = at;
  for (let i = a; i < b; i += 1) to[o++] = from[i]!;
  return o;
}

/**
 * The UTC offset in minutes of a CROSSED_AT in the shape almost every record has,
 * `YYYY-MM-DDTHH:MM:SS±HH:MM`, when it is a real date and time with an offset some place uses;
 * undefined for anything else (another shape, or a problem), which the general path then reads.
 */
export function canonicalOffset(buf: Uint8Array, a: number, b: number): number | undefined {
  if (b - a !== 25) return undefined;
  if (buf[a + 4] !== 0x2d || buf[a + 7] !== 0x2d || buf[a + 10] !== 0x54 || buf[a + 13] !== 0x3a || buf[a + 16] !== 0x3a) return undefined;
  if (buf[a + 22] !== 0x3a) return undefined;
  const sign = buf[a + 19];
  if (sign !== 0x2b && sign !== 0x2d) return undefined;
  for (let k = 0; k < DIGITS.length; k += 1) {
    const v = buf[a + DIGITS[k]!]! - 0x30;
    if (v < 0 || v > 9) return undefined;
  }
  if (buf[a] === 0x30) return undefined;
  const year = two(buf, a) * 100 + two(buf, a + 2);
  const month = two(buf, a + 5);
  const day = two(buf, a + 8);
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 1 : 0;
  if (month < 1 || month > 12 || day < 1 || day > monthDays[month - 1]! + leap) return undefined;
  if (two(buf, a + 11) > 23 || two(buf, a + 14) > 59 || two(buf, a + 17) > 59) return undefined;
  const offset = (sign === 0x2d ? -1 : 1) * (two(buf, a + 20) * 60 + two(buf, a + 23));
  if (offset < -12 * 60 || offset > 14 * 60) return undefined;
  return offset;
}

const DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 23, 24];

/** A buffer with room for `more` bytes after the `used` ones it keeps from `out`. */
export function grow(out: Buffer, used: number, more: number): Buffer {
  const next = Buffer.allocUnsafe(Math.max(out.length * 2, used + more));
  out.copy(next, 0, 0, used);
  return next;
}
