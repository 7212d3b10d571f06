import type { Frequency } from './catalog.js';

/** A parsed SDMX time period with the first and last day it covers (ISO dates). */
export interface Period {
  period: string;
  frequency: Frequency;
  start: string;
  end: string;
}

const PATTERNS: [Frequency, RegExp][] = [
  ['A', /^(\d{4})$/],
  ['Q', /^(\d{4})-Q([1-4])$/],
  ['M', /^(\d{4})-(0[1-9]|1[0-2])$/],
];

const pad = (n: number) => String(n).padStart(2, '0');
function lastDay(year: number, month: number): string {
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${pad(month)}-${pad(days)}`;
}

/** Parses `2023`, `2023-Q1` or `2023-01`; returns undefined for anything else. */
export function parsePeriod(period: string): Period | undefined {
  for (const [frequency, re] of PATTERNS) {
    const m = re.exec(period);
    if (!m) continue;
    const year = Number(m[1]);
    if (year < 1900 || year > 2100) return undefined;
    let first = 1;
    let last = 12;
    if (frequency === 'Q') {
      first = (Number(m[2]) - 1) * 3 + 1;
      last = first + 2;
    } else if (frequency === 'M') {
      first = last = Number(m[2]);
    }
    return { period, frequency, start: `${year}-${pad(first)}-01`, end: lastDay(year, last) };
  }
  return undefined;
}

/** A message for a period that cannot be parsed, naming the accepted forms. */
export function periodError(value: string, what = 'period'): string {
  return `${what} "${value}" is not an SDMX time period; use 2023, 2023-Q1 or 2023-01`;
}

/** Months since year 0 of an ISO date (`2023-04-15` → 2023 × 12 + 3), and whether it is a month's first / last day. */
function monthOf(date: string): { month: number; first: boolean; last: boolean } {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return { month: year * 12 + month - 1, first: date.slice(8, 10) === '01', last: date === lastDay(year, month) };
}

function periodAt(frequency: Frequency, index: number): string {
  if (frequency === 'A') return String(index);
  if (frequency === 'Q') return `${Math.floor(index / 4)}-Q${(index % 4) + 1}`;
  return `${Math.floor(index / 12)}-${pad((index % 12) + 1)}`;
}

/**
 * The first period of `frequency` that starts on or after `fromDate`, and the last one that ends on
 * or before `toDate` (ISO dates): within one frequency periods sort as text in time order, so a
 * range of days becomes a range of period strings an index can use.
 */
export function periodRange(frequency: Frequency, fromDate?: string, toDate?: string): { from?: string; to?: string } {
  const size = frequency === 'A' ? 12 : frequency === 'Q' ? 3 : 1;
  const out: { from?: string; to?: string } = {};
  if (fromDate) {
    const { month, first } = monthOf(fromDate);
    const index = Math.floor(month / size);
    out.from = periodAt(frequency, first && month % size === 0 ? index : index + 1);
  }
  if (toDate) {
    const { month, last } = monthOf(toDate);
    const index = Math.floor(month / size);
    out.to = periodAt(frequency, last && month % size === size - 1 ? index : index - 1);
  }
  return out;
}
