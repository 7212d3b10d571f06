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
