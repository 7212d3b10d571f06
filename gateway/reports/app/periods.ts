// SDMX periods: `2023` (annual), `2023-Q1` (quarterly), `2023-01` (monthly).
import type { Frequency } from './types.js';

const PATTERN = /^(\d{4})(?:-Q([1-4])|-(0[1-9]|1[0-2]))?$/;
/** A report never asks for more periods than this (ten years of months fits). */
export const MAX_PERIODS = 240;

interface Parsed {
  year: number;
  quarter?: number;
  month?: number;
}

function parse(period: string): Parsed | null {
  const m = PATTERN.exec(period.trim());
  if (!m) return null;
  return { year: Number(m[1]), ...(m[2] ? { quarter: Number(m[2]) } : {}), ...(m[3] ? { month: Number(m[3]) } : {}) };
}

export function isPeriod(text: string): boolean {
  return parse(text) !== null;
}

/** Index of the sub-period in its year (0-based), for the first (`edge: 'start'`) or last month/quarter. */
function subIndex(p: Parsed, freq: Frequency, edge: 'start' | 'end'): number {
  if (freq === 'A') return 0;
  const month = p.month ?? (p.quarter ? p.quarter * 3 - (edge === 'start' ? 2 : 0) : edge === 'start' ? 1 : 12);
  return freq === 'M' ? month - 1 : Math.ceil(month / 3) - 1;
}

function format(year: number, index: number, freq: Frequency): string {
  if (freq === 'A') return String(year);
  if (freq === 'Q') return `${year}-Q${index + 1}`;
  return `${year}-${String(index + 1).padStart(2, '0')}`;
}

/**
 * Every period of the range at the indicator's frequency; `from` and `to` may be at any precision
 * (`2019`…`2023` at monthly frequency is January 2019 to December 2023), as the contract allows.
 */
export function expandPeriods(from: string, to: string, freq: Frequency): string[] {
  const a = parse(from);
  const b = parse(to);
  if (!a || !b) return [];
  const per = freq === 'A' ? 1 : freq === 'Q' ? 4 : 12;
  const first = a.year * per + subIndex(a, freq, 'start');
  const last = b.year * per + subIndex(b, freq, 'end');
  const out: string[] = [];
  for (let i = first; i <= last && out.length < MAX_PERIODS; i += 1) out.push(format(Math.floor(i / per), i % per, freq));
  return out;
}

/** The same period at another frequency's precision (`2024-12` → `2024` for an annual indicator). */
export function atFrequency(period: string, freq: Frequency, edge: 'start' | 'end'): string {
  const p = parse(period);
  return p ? format(p.year, subIndex(p, freq, edge), freq) : period;
}

/** Collapses periods into runs of the ordered list `all`: `2015–2017, 2020`. */
export function describeRuns(periods: readonly string[], all: readonly string[]): string {
  const wanted = new Set(periods);
  const runs: string[] = [];
  let start = -1;
  for (let i = 0; i <= all.length; i += 1) {
    const inRun = i < all.length && wanted.has(all[i]!);
    if (inRun && start < 0) start = i;
    if (!inRun && start >= 0) {
      runs.push(start === i - 1 ? all[start]! : `${all[start]}–${all[i - 1]}`);
      start = -1;
    }
  }
  return runs.join(', ');
}
