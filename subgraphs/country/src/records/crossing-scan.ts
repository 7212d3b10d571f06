import type { SqlSession } from '@migfed/subgraph-kit';
import { ageBand, type CellCounter } from './cells.js';
import { type Crossing, longTermEvents } from './rule.js';

export interface CrossingScan {
  crossings: number;
  persons: number;
  /** ENTRY while present or EXIT while absent: counted as crossings, changing nothing else. */
  inconsistent: number;
  /** The earliest crossing (its instant and its own UTC offset) and the westernmost offset, null without crossings. */
  earliest: { utcMs: number; offsetMin: number } | null;
  minOffset: number | null;
}

/** Distinct codes of one column as small ints (a packed counter key holds a few of them). */
class Codes {
  private readonly ids = new Map<string, number>();
  readonly list: string[] = [];

  constructor(
    readonly radix: number,
    private readonly column: string,
  ) {}

  id(code: string): number {
    let id = this.ids.get(code);
    if (id === undefined) {
      id = this.list.length;
      if (id >= this.radix) throw new Error(`more than ${this.radix} distinct ${this.column} codes in the records`);
      this.ids.set(code, id);
      this.list.push(code);
    }
    return id;
  }
}

/**
 * The local calendar month (year × 12 + month - 1) of a local instant in milliseconds since the
 * epoch, by integer arithmetic on the proleptic Gregorian calendar (as Date does, without one).
 */
export function localMonthIndex(localMs: number): number {
  const z = Math.floor(localMs / 86_400_000) + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const month = mp < 10 ? mp + 3 : mp - 9;
  return (yoe + era * 400 + (month <= 2 ? 1 : 0)) * 12 + month - 1;
}

const periodOf = (i: number) => {
  const year = Math.floor(i / 12);
  const month = i - year * 12 + 1;
  return `${year}-${month < 10 ? '0' : ''}${month}`;
};

/** Integer in text[start, end), optionally negative. */
function intAt(text: string, start: number, end: number): number {
  let i = start;
  const negative = text.charCodeAt(i) === 45;
  if (negative) i += 1;
  let v = 0;
  for (; i < end; i += 1) v = v * 10 + (text.charCodeAt(i) - 48);
  return negative ? -v : v;
}

/**
 * Microseconds since the epoch from PostgreSQL's float8 text of epoch seconds. The shortest text
 * that reads back as the same float8 carries the stored microseconds exactly (a float8 of epoch
 * seconds is finer than a microsecond for any date a record has), so they are read digit by digit;
 * a text with an exponent goes through Number.
 */
export function microseconds(text: string, start: number, end: number): number {
  let i = start;
  const negative = text.charCodeAt(i) === 45;
  if (negative) i += 1;
  let whole = 0;
  for (; i < end; i += 1) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    whole = whole * 10 + d;
  }
  let fraction = 0;
  let scale = 1_000_000;
  if (i < end && text.charCodeAt(i) === 46) {
    for (i += 1; i < end; i += 1) {
      const d = text.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      scale /= 10;
      fraction += d * scale;
    }
  }
  if (i < end) return Math.round(Number(text.slice(start, end)) * 1_000_000);
  const us = whole * 1_000_000 + Math.round(fraction);
  return negative ? -us : us;
}

/** `\N`, COPY's NULL in text format. */
const isNull = (text: string, start: number, end: number) =>
  end - start === 2 && text.charCodeAt(start) === 92 && text.charCodeAt(start + 1) === 78;

/**
 * The columns the rule and the counts need, one row a line, in the rule's order. RECORD_ID only
 * orders a person's crossings (the query does that); the instant comes as float8 epoch seconds
 * (cheaper for the server to write than a numeric or a timestamp).
 */
const scanQuery = (countryLiteral: string) =>
  `copy (select person, date_part('epoch', crossed_at), utc_offset, direction, border_type, citizenship, sex, birth_year, partner_country
           from records.crossings where country = ${countryLiteral} order by person, crossed_at, record_id) to stdout`;

/**
 * One sorted scan of the member's crossings (by person, instant, RECORD_ID), streamed as COPY text
 * and parsed in place: every crossing counts in BORDER_CROSSINGS in its local month; each person's
 * history, once complete, goes through the 12/16-month rule and its long-term migrations are
 * counted in their local months. Memory holds one chunk of the stream, one person's history and
 * the counters, keyed by small ints per code (their size grows with the distinct cells, not with
 * the records); the counts go to `counter` at the end.
 */
export async function scanCrossings(
  session: SqlSession,
  countryLiteral: string,
  country: string,
  counter: CellCounter,
): Promise<CrossingScan> {
  const result: CrossingScan = { crossings: 0, persons: 0, inconsistent: 0, earliest: null, minOffset: null };
  let earliestUs = Infinity;
  let minOffset = Infinity;
  // Radixes keep every packed key below 2^53 up to the year 9999.
  const R = 4096;
  const borderTypes = new Codes(R, 'BORDER_TYPE');
  const countries = new Codes(R, 'CITIZENSHIP/PARTNER_COUNTRY');
  const sexes = new Codes(16, 'SEX');
  const ages = new Codes(8, 'age band');
  const unknown = countries.id('_U');
  // BORDER_CROSSINGS: ((month × 2 + entry) × R + border type) × R + citizenship (traveller follows from it).
  const crossings = new Map<number, number>();
  // Long-term migrations: ((((month × 2 + immigration) × 16 + sex) × 8 + age) × R + citizenship) × R + partner.
  const migrations = new Map<number, number>();
  const bump = (map: Map<number, number>, key: number) => map.set(key, (map.get(key) ?? 0) + 1);

  let person: string | undefined;
  let history: Crossing[] = [];
  const finish = () => {
    if (history.length === 0) return;
    result.persons += 1;
    const { events, inconsistent } = longTermEvents(history);
    result.inconsistent += inconsistent;
    for (const { kind, crossing: c } of events) {
      const month = localMonthIndex(c.utcMs + c.offsetMin * 60_000);
      const age = c.birthYear === null ? null : Math.floor(month / 12) - c.birthYear;
      const head = month * 2 + (kind === 'IMMIGRATION' ? 1 : 0);
      const codes = (((head * 16 + sexes.id(c.sex)) * 8 + ages.id(ageBand(age))) * R + countries.id(c.citizenship)) * R;
      bump(migrations, codes + (c.partnerCountry === null ? unknown : countries.id(c.partnerCountry)));
    }
    history = [];
  };

  /** One COPY line: person, ms, offset, direction, border type, citizenship, sex, birth year, partner. */
  const line = (text: string, start: number, end: number) => {
    const t1 = text.indexOf('\t', start);
    const t2 = text.indexOf('\t', t1 + 1);
    const t3 = text.indexOf('\t', t2 + 1);
    const t4 = text.indexOf('\t', t3 + 1);
    const t5 = text.indexOf('\t', t4 + 1);
    const t6 = text.indexOf('\t', t5 + 1);
    const t7 = text.indexOf('\t', t6 + 1);
    const t8 = text.indexOf('\t', t7 + 1);
    if (t8 < 0 || t8 > end) throw new Error('the records scan returned a row of an unexpected shape');
    // Escaping keeps distinct persons distinct, so the person is compared as COPY wrote it.
    const who = text.slice(start, t1);
    if (who !== person) {
      finish();
      person = who;
    }
    result.crossings += 1;
    const us = microseconds(text, t1 + 1, t2);
    // Whole milliseconds, rounded as Math.round rounds the exact instant.
    const utcMs = Math.round(us / 1000);
    const offsetMin = intAt(text, t2 + 1, t3);
    if (us < earliestUs) {
      earliestUs = us;
      result.earliest = { utcMs, offsetMin };
    }
    if (offsetMin < minOffset) minOffset = offsetMin;
    const entry = text.charCodeAt(t3 + 2) === 78; // ENTRY, not EXIT
    const citizenship = countries.id(text.slice(t5 + 1, t6));
    const crossing: Crossing = {
      recordId: '', // the query already ordered the crossings by it; the rule reads them in order
      utcMs,
      offsetMin,
      direction: entry ? 'ENTRY' : 'EXIT',
      citizenship: countries.list[citizenship]!,
      sex: text.slice(t6 + 1, t7),
      birthYear: isNull(text, t7 + 1, t8) ? null : intAt(text, t7 + 1, t8),
      partnerCountry: isNull(text, t8 + 1, end) ? null : text.slice(t8 + 1, end),
    };
    history.push(crossing);
    const month = localMonthIndex(utcMs + offsetMin * 60_000);
    bump(crossings, ((month * 2 + (entry ? 1 : 0)) * R + borderTypes.id(text.slice(t4 + 1, t5))) * R + citizenship);
  };

  const decoder = new TextDecoder();
  let rest = '';
  for await (const chunk of session.copyTo(scanQuery(countryLiteral))) {
    const text = rest + decoder.decode(chunk, { stream: true });
    let start = 0;
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      line(text, start, end);
      start = end + 1;
    }
    rest = text.slice(start);
  }
  if (rest !== '') throw new Error('the records scan ended in the middle of a row');
  finish();
  if (minOffset !== Infinity) result.minOffset = minOffset;

  for (const [key, count] of crossings) {
    const citizenship = countries.list[key % R]!;
    const rest1 = Math.floor(key / R);
    const borderType = borderTypes.list[rest1 % R]!;
    const head = Math.floor(rest1 / R);
    counter.add(
      'BORDER_CROSSINGS',
      periodOf(Math.floor(head / 2)),
      {
        DIRECTION: head % 2 === 1 ? 'ENTRY' : 'EXIT',
        TRAVELLER: citizenship === country ? 'NAT' : 'FOR',
        BORDER_TYPE: borderType,
        CITIZENSHIP: citizenship,
      },
      count,
    );
  }
  for (const [key, count] of migrations) {
    let k = key;
    const residence = countries.list[k % R]!;
    k = Math.floor(k / R);
    const citizenship = countries.list[k % R]!;
    k = Math.floor(k / R);
    const age = ages.list[k % 8]!;
    k = Math.floor(k / 8);
    const sex = sexes.list[k % 16]!;
    const head = Math.floor(k / 16);
    counter.add(
      head % 2 === 1 ? 'LONG_TERM_IMMIGRATION' : 'LONG_TERM_EMIGRATION',
      periodOf(Math.floor(head / 2)),
      { SEX: sex, AGE: age, CITIZENSHIP: citizenship, PREVIOUS_RESIDENCE: residence, NEXT_RESIDENCE: residence },
      count,
    );
  }
  return result;
}
