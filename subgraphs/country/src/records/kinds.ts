import { type Catalog, codelistOf } from '@migfed/schema';
import { ImportRejected, type Problem } from '../publishing/problems.js';

/** What a records file holds. */
export type RecordKind = 'crossings' | 'permits';
export const RECORD_KINDS: readonly RecordKind[] = ['crossings', 'permits'];

/** How a column's cell is checked and turned into what the store keeps; a string return is a problem. */
export type Check = (value: string) => { ok: string | null } | { problem: string };

export interface ColumnDef {
  name: string;
  /** Column of the store it is written to (several file columns may make one, e.g. the person). */
  stored: string;
  required: boolean;
  /** An empty cell is allowed (stored as NULL). */
  optional?: boolean;
  /** A value is never repeated in a message, a log or an error (identities). */
  identity?: boolean;
  check: Check;
}

const ok = (v: string | null) => ({ ok: v });
const problem = (p: string) => ({ problem: p });

/** At most this long: longer values are not identifiers a register would use. */
const MAX_ID = 100;

export function identityCheck(name: string): Check {
  return (v) =>
    v === '' ? problem(`${name} is empty`) : v.length > MAX_ID ? problem(`${name} is longer than ${MAX_ID} characters`) : ok(v);
}

export function codeCheck(catalog: Catalog, dimension: string, opts: { optional?: boolean; allowTotal?: boolean } = {}): Check {
  const codes = new Set(codelistOf(catalog, dimension)?.codes.map((c) => c.id));
  if (!opts.allowTotal) codes.delete('_T');
  return (v) => {
    const code = v.toUpperCase();
    if (code === '') return opts.optional ? ok(null) : problem(`${dimension} is empty`);
    return codes.has(code) ? ok(code) : problem(`unknown code "${v.slice(0, 20)}" for ${dimension}`);
  };
}

export function oneOf(name: string, values: readonly string[]): Check {
  return (v) => {
    const code = v.toUpperCase();
    return values.includes(code) ? ok(code) : problem(`${name} must be ${values.join(' or ')}, not "${v.slice(0, 20)}"`);
  };
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** `YYYY-MM-DD`, a real calendar day. */
export function dateCheck(name: string, opts: { optional?: boolean } = {}): Check {
  return (v) => {
    if (v === '') return opts.optional ? ok(null) : problem(`${name} is empty`);
    const m = DATE.exec(v);
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 12 || Number(m[3]) < 1 || Number(m[3]) > daysIn(Number(m[1]), Number(m[2])))
      return problem(`${name} "${v.slice(0, 30)}" is not a date (YYYY-MM-DD)`);
    return ok(v);
  };
}

export function birthYearCheck(): Check {
  const thisYear = new Date().getUTCFullYear();
  return (v) => {
    if (v === '') return ok(null);
    if (!/^\d{4}$/.test(v) || Number(v) < 1880 || Number(v) > thisYear)
      return problem(`BIRTH_YEAR "${v.slice(0, 10)}" is not a year between 1880 and ${thisYear} (leave it empty when unknown)`);
    return ok(v);
  };
}

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** A crossing's instant and the UTC offset of its border point, in minutes. */
export interface Instant {
  utcMs: number;
  offsetMin: number;
}

const digit = (v: string, i: number) => v.charCodeAt(i) - 48;
const two = (v: string, i: number) => digit(v, i) * 10 + digit(v, i + 1);
function isDigits(v: string, positions: readonly number[]): boolean {
  for (let k = 0; k < positions.length; k += 1) {
    const d = digit(v, positions[k]!);
    if (d < 0 || d > 9) return false;
  }
  return true;
}
const CANONICAL_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 23, 24];
const monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days from 1970-01-01 to a proleptic Gregorian date (month 1-12). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
}

/**
 * The shape almost every record has, `YYYY-MM-DDTHH:MM:SS±HH:MM`, read by character codes: the same
 * result as the general path below, without a regular expression or a Date. Undefined: not that
 * shape (or a year before 1000), left to the general path.
 */
function canonicalInstant(v: string): Instant | string | undefined {
  if (v.length !== 25 || v[4] !== '-' || v[7] !== '-' || v[10] !== 'T' || v[13] !== ':' || v[16] !== ':' || v[22] !== ':') return undefined;
  if ((v[19] !== '+' && v[19] !== '-') || !isDigits(v, CANONICAL_DIGITS) || v[0] === '0') return undefined;
  const year = two(v, 0) * 100 + two(v, 2);
  const month = two(v, 5);
  const day = two(v, 8);
  const hour = two(v, 11);
  const minute = two(v, 14);
  const second = two(v, 17);
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 1 : 0;
  if (month < 1 || month > 12 || day < 1 || day > monthDays[month - 1]! + leap || hour > 23 || minute > 59 || second > 59)
    return `CROSSED_AT "${v}" is not a real date and time`;
  const offsetMin = (v[19] === '-' ? -1 : 1) * (two(v, 20) * 60 + two(v, 23));
  if (offsetMin < -12 * 60 || offsetMin > 14 * 60) return `CROSSED_AT has the UTC offset ${v.slice(19)}, which no place on Earth uses`;
  const utcMs = (daysFromCivil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second) * 1000 - offsetMin * 60_000;
  return { utcMs, offsetMin };
}

export function parseInstant(v: string): Instant | string {
  const canonical = canonicalInstant(v);
  if (canonical !== undefined) return canonical;
  const m = INSTANT.exec(v);
  if (!m) {
    return /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(v)
      ? "CROSSED_AT has no UTC offset; give the border point's, e.g. 2024-03-01T08:15:00+05:00"
      : `CROSSED_AT "${v.slice(0, 40)}" is not an ISO 8601 date-time with a UTC offset (e.g. 2024-03-01T08:15:00+05:00)`;
  }
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as number[];
  if (month! < 1 || month! > 12 || day! < 1 || day! > daysIn(year!, month!) || hour! > 23 || minute! > 59 || second! > 59)
    return `CROSSED_AT "${v.slice(0, 40)}" is not a real date and time`;
  const zone = m[8]!;
  const offsetMin = zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2)));
  if (offsetMin < -12 * 60 || offsetMin > 14 * 60) return `CROSSED_AT has the UTC offset ${zone}, which no place on Earth uses`;
  const fraction = m[7] ? Math.floor(Number(`0${m[7]}`) * 1000) : 0;
  const utcMs = Date.UTC(year!, month! - 1, day!, hour!, minute!, second!, fraction) - offsetMin * 60_000;
  return { utcMs, offsetMin };
}

/** The columns of each kind, as the issue names them; the person is PERSON_ID or DOCUMENT_NUMBER + DOCUMENT_COUNTRY. */
export function columnsOf(kind: RecordKind, catalog: Catalog): ColumnDef[] {
  const common = [
    { name: 'CITIZENSHIP', stored: 'citizenship', required: true, check: codeCheck(catalog, 'CITIZENSHIP') },
    { name: 'SEX', stored: 'sex', required: true, check: codeCheck(catalog, 'SEX') },
    { name: 'BIRTH_YEAR', stored: 'birth_year', required: true, optional: true, check: birthYearCheck() },
  ];
  if (kind === 'crossings') {
    return [
      { name: 'RECORD_ID', stored: 'record_id', required: true, identity: true, check: identityCheck('RECORD_ID') },
      // CROSSED_AT is checked by the shaper itself: it makes two stored columns.
      { name: 'CROSSED_AT', stored: 'crossed_at', required: true, check: (v) => ok(v) },
      { name: 'DIRECTION', stored: 'direction', required: true, check: oneOf('DIRECTION', ['ENTRY', 'EXIT']) },
      { name: 'BORDER_TYPE', stored: 'border_type', required: true, check: codeCheck(catalog, 'BORDER_TYPE') },
      {
        name: 'BORDER_POINT',
        stored: 'border_point',
        required: true,
        check: (v) =>
          v === '' ? problem('BORDER_POINT is empty') : v.length > 100 ? problem('BORDER_POINT is longer than 100 characters') : ok(v),
      },
      ...common,
      {
        name: 'PARTNER_COUNTRY',
        stored: 'partner_country',
        required: false,
        optional: true,
        check: codeCheck(catalog, 'CITIZENSHIP', { optional: true }),
      },
    ];
  }
  return [
    { name: 'RECORD_ID', stored: 'record_id', required: true, identity: true, check: identityCheck('RECORD_ID') },
    { name: 'PERMIT_TYPE', stored: 'permit_type', required: true, check: oneOf('PERMIT_TYPE', ['RESIDENCE', 'WORK']) },
    { name: 'REASON', stored: 'reason', required: true, check: codeCheck(catalog, 'REASON') },
    { name: 'DECIDED_ON', stored: 'decided_on', required: true, check: dateCheck('DECIDED_ON') },
    { name: 'VALID_FROM', stored: 'valid_from', required: true, check: dateCheck('VALID_FROM') },
    { name: 'VALID_TO', stored: 'valid_to', required: true, optional: true, check: dateCheck('VALID_TO', { optional: true }) },
    ...common,
  ];
}

/** The columns of the store per kind, in COPY order (after `line`). */
export const STORED: Record<RecordKind, string[]> = {
  crossings: [
    'record_id',
    'person',
    'crossed_at',
    'utc_offset',
    'direction',
    'border_type',
    'border_point',
    'citizenship',
    'sex',
    'birth_year',
    'partner_country',
  ],
  permits: ['record_id', 'person', 'permit_type', 'reason', 'decided_on', 'valid_from', 'valid_to', 'citizenship', 'sex', 'birth_year'],
};

/**
 * What a row with problems is staged with besides its RECORD_ID and line. It is staged only so
 * that a record given twice is found, and the import is then refused, so nothing of it is kept:
 * these only satisfy the NOT NULL of the store's columns (a first import stages into the table
 * that becomes the member's partition). Nullable columns stay empty.
 */
export const PLACEHOLDERS: Record<string, string> = {
  person: '-',
  crossed_at: '1970-01-01T00:00:00Z',
  utc_offset: '0',
  direction: '-',
  border_type: '-',
  border_point: '-',
  citizenship: '-',
  sex: '-',
  permit_type: '-',
  reason: '-',
  decided_on: '1970-01-01',
  valid_from: '1970-01-01',
};

export const IDENTITY_COLUMNS = ['RECORD_ID', 'PERSON_ID', 'DOCUMENT_NUMBER', 'DOCUMENT_COUNTRY'] as const;

export interface RecordLayout {
  kind: RecordKind;
  delimiter: ',' | ';';
  /** Column names from the header, in file order. */
  columns: string[];
  index: Map<string, number>;
  defs: ColumnDef[];
  /** The person comes as PERSON_ID, or as a document to pseudonymise. */
  person: 'id' | 'document';
}

/** Reads a records file's header: every column known, every required one there, one way to name the person. */
export function parseRecordHeader(kind: RecordKind, headerLine: string, catalog: Catalog): RecordLayout {
  const line = headerLine.replace(/\r$/, '');
  const delimiter = (line.match(/;/g)?.length ?? 0) > (line.match(/,/g)?.length ?? 0) ? ';' : ',';
  const columns = line.split(delimiter).map((c) =>
    c
      .replace(/^\uFEFF/, '')
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .trim()
      .toUpperCase(),
  );
  const defs = columnsOf(kind, catalog);
  const known = new Set([...defs.map((d) => d.name), 'PERSON_ID', 'DOCUMENT_NUMBER', 'DOCUMENT_COUNTRY']);
  const problems: Problem[] = [];
  const index = new Map<string, number>();
  columns.forEach((name, i) => {
    if (index.has(name)) problems.push({ severity: 'error', line: 1, column: name, message: `column ${name} appears twice` });
    index.set(name, i);
    if (!known.has(name))
      problems.push({
        severity: 'error',
        line: 1,
        column: name || `#${i + 1}`,
        message: `unknown column "${name.slice(0, 40)}" for ${kind}; expected ${[...known].join(', ')}`,
      });
  });
  for (const d of defs)
    if (d.required && !index.has(d.name)) problems.push({ severity: 'error', line: 1, message: `the header has no ${d.name} column` });
  const byId = index.has('PERSON_ID');
  const byDocument = index.has('DOCUMENT_NUMBER') || index.has('DOCUMENT_COUNTRY');
  if (byId && byDocument)
    problems.push({
      severity: 'error',
      line: 1,
      message: 'give the person either as PERSON_ID or as DOCUMENT_NUMBER,DOCUMENT_COUNTRY, not both',
    });
  else if (!byId && !byDocument)
    problems.push({
      severity: 'error',
      line: 1,
      message: 'the header names no person: add PERSON_ID, or DOCUMENT_NUMBER and DOCUMENT_COUNTRY',
    });
  else if (byDocument && !(index.has('DOCUMENT_NUMBER') && index.has('DOCUMENT_COUNTRY')))
    problems.push({
      severity: 'error',
      line: 1,
      message: 'DOCUMENT_NUMBER and DOCUMENT_COUNTRY go together: the header has only one of them',
    });
  if (problems.length > 0) throw new ImportRejected(problems);
  return { kind, delimiter, columns, index, defs, person: byId ? 'id' : 'document' };
}
