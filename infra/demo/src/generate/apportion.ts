import type { Rng } from './random.js';

/** Relative weights by code, in the order written; they need not add up to anything. */
export type Shares = Map<string, number>;

/** Parses the compact share notation of the profiles: `'UZB:30 TJK:18 _O:10'`. */
export function parseShares(spec: string): Shares {
  const shares: Shares = new Map();
  for (const part of spec.trim().split(/\s+/)) {
    const [code, weight] = part.split(':');
    const value = Number(weight);
    if (!code || !Number.isFinite(value) || value < 0) throw new Error(`Bad share "${part}" in "${spec}"`);
    shares.set(code, (shares.get(code) ?? 0) + value);
  }
  return shares;
}

/**
 * Largest-remainder (Hamilton) apportionment: splits a non-negative integer total over the weights so that
 * every part is a non-negative integer and the parts add up to the total exactly. Ties go to the earlier
 * weight, so the result is deterministic. With no positive weight the total is spread evenly.
 */
export function apportion(total: number, weights: readonly number[]): number[] {
  if (!Number.isInteger(total) || total < 0) throw new Error(`Cannot apportion ${total}`);
  if (weights.length === 0) {
    if (total === 0) return [];
    throw new Error(`Cannot apportion ${total} over no parts`);
  }
  const clean = weights.map((w) => (Number.isFinite(w) && w > 0 ? w : 0));
  const sum = clean.reduce((a, b) => a + b, 0);
  const basis = sum > 0 ? clean : clean.map(() => 1);
  const basisSum = sum > 0 ? sum : basis.length;
  const exact = basis.map((w) => (total * w) / basisSum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, rest: x - Math.floor(x) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    parts[i] = (parts[i] ?? 0) + 1;
    left -= 1;
  }
  return parts;
}

/** Apportions a total over coded shares; the result keeps the order of the shares. */
export function split(total: number, shares: Shares): Map<string, number> {
  const codes = [...shares.keys()];
  const parts = apportion(total, [...shares.values()]);
  return new Map(codes.map((code, i) => [code, parts[i] ?? 0]));
}

/** Shares with a little multiplicative noise per code, so breakdowns are not frozen from year to year. */
export function jitter(shares: Shares, rng: Rng, sd: number): Shares {
  return new Map([...shares].map(([code, w]) => [code, w * rng.noise(sd)]));
}

/** Shares normalised to add up to 1. */
export function normalise(shares: Shares): Shares {
  const sum = [...shares.values()].reduce((a, b) => a + b, 0);
  return new Map([...shares].map(([code, w]) => [code, sum > 0 ? w / sum : 0]));
}

export function sumOf(values: Iterable<number>): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum;
}
