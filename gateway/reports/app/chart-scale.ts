// Axis arithmetic and colours for the hand-written SVG charts.
import { lang } from './i18n.js';

/** Twelve colours, each with at least 3:1 contrast on white (WCAG 1.4.11 for graphics). */
export const PALETTE = [
  '#1b6ca8',
  '#c0392b',
  '#2e7d32',
  '#6a3d9a',
  '#a65300',
  '#00798c',
  '#8c564b',
  '#c2185b',
  '#555555',
  '#6b6b00',
  '#283593',
  '#00695c',
];

export const colorAt = (i: number) => PALETTE[i % PALETTE.length]!;

/** Round tick values from 0 to at least `max` (1, 2 or 5 times a power of ten apart). */
export function niceTicks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  for (let v = 0; v < max + step; v += step) ticks.push(v);
  return ticks;
}

const compact = new Intl.NumberFormat(lang(), { notation: 'compact', maximumFractionDigits: 1 });
/** `1.2M`, `350K`: axis labels that stay short. */
export const formatCompact = (v: number) => compact.format(v);

/** Powers of ten (with 2 and 5 between them when the range is short) covering [min, max], min > 0. */
export function logTicks(min: number, max: number): number[] {
  const lo = Math.floor(Math.log10(min));
  const hi = Math.ceil(Math.log10(max));
  const steps = hi - lo <= 2 ? [1, 2, 5] : [1];
  const ticks: number[] = [];
  for (let e = lo; e <= hi; e += 1) for (const m of steps) if (m * 10 ** e <= 10 ** hi) ticks.push(m * 10 ** e);
  return ticks;
}

/** Members differ by orders of magnitude (Russia and Georgia): a linear axis flattens the small ones. */
export function wantsLogScale(values: readonly number[]): boolean {
  const positive = values.filter((v) => v > 0);
  return positive.length > 1 && Math.max(...positive) / Math.min(...positive) > 50;
}

/**
 * Spreads labels that would overlap (e.g. line-end labels) at least `gap` apart, keeping their
 * order and staying within [min, max] as far as the room allows.
 */
export function spread(positions: readonly number[], gap: number, min = -Infinity, max = Infinity): number[] {
  const order = positions.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y);
  for (let k = 1; k < order.length; k += 1) order[k]!.y = Math.max(order[k]!.y, order[k - 1]!.y + gap);
  const last = order[order.length - 1];
  if (last && last.y > max) {
    last.y = max;
    for (let k = order.length - 2; k >= 0; k -= 1) order[k]!.y = Math.min(order[k]!.y, order[k + 1]!.y - gap);
  }
  if (order[0] && order[0].y < min) for (const [k, o] of order.entries()) o.y = Math.max(o.y, min + k * gap);
  const out: number[] = [];
  for (const { y, i } of order) out[i] = y;
  return out;
}
