import { normalise, parseShares, type Shares } from './apportion.js';

/**
 * Trend levels written as keyframes, `'2015:2e6 2019:2.3e6 2024:2.6e6'`: the level is interpolated
 * log-linearly between keyframes (steady growth rates) and held flat before the first and after the last.
 */
export type Keyframes = string;

/** Partner shares, either fixed (`'UZB:30 _O:10'`) or keyed by year and interpolated in between. */
export type Partners = string | Record<number, string>;

const parsedKeyframes = new Map<string, Array<[number, number]>>();

function keyframes(spec: Keyframes): Array<[number, number]> {
  let points = parsedKeyframes.get(spec);
  if (!points) {
    points = [...parseShares(spec)].map(([year, value]): [number, number] => [Number(year), value]);
    points.sort((a, b) => a[0] - b[0]);
    if (points.length === 0 || points.some(([y]) => !Number.isInteger(y))) throw new Error(`Bad keyframes "${spec}"`);
    parsedKeyframes.set(spec, points);
  }
  return points;
}

export function hasKeyframe(spec: Keyframes, year: number): boolean {
  return keyframes(spec).some(([y]) => y === year);
}

/** The trend level of a series in a year (before any COVID dip or noise). */
export function level(spec: Keyframes, year: number): number {
  const points = keyframes(spec);
  const first = points[0]!;
  const last = points[points.length - 1]!;
  if (year <= first[0]) return first[1];
  if (year >= last[0]) return last[1];
  for (let i = 1; i < points.length; i += 1) {
    const [y1, v1] = points[i]!;
    if (year > y1) continue;
    const [y0, v0] = points[i - 1]!;
    const t = (year - y0) / (y1 - y0);
    if (v0 <= 0 || v1 <= 0) return v0 + (v1 - v0) * t;
    return Math.exp(Math.log(v0) + (Math.log(v1) - Math.log(v0)) * t);
  }
  return last[1];
}

/** Partner shares for a year: linear between the surrounding year keys, normalised to 1. */
export function partnerShares(partners: Partners, year: number): Shares {
  if (typeof partners === 'string') return normalise(parseShares(partners));
  const years = Object.keys(partners)
    .map(Number)
    .sort((a, b) => a - b);
  const at = (y: number) => normalise(parseShares(partners[y]!));
  const before = years.filter((y) => y <= year).pop() ?? years[0]!;
  const after = years.find((y) => y >= year) ?? years[years.length - 1]!;
  if (before === after) return at(before);
  const t = (year - before) / (after - before);
  const a = at(before);
  const b = at(after);
  const mixed: Shares = new Map();
  for (const code of new Set([...a.keys(), ...b.keys()])) {
    mixed.set(code, (a.get(code) ?? 0) * (1 - t) + (b.get(code) ?? 0) * t);
  }
  // `_O` (the rest) goes last, as in the profiles.
  const rest = mixed.get('_O');
  if (rest !== undefined) {
    mixed.delete('_O');
    mixed.set('_O', rest);
  }
  return mixed;
}

/** Which pandemic dip a series takes when its keyframes do not spell out 2020 themselves. */
export type CovidKind = 'permits' | 'asylum' | 'returns' | 'none';

const COVID_ANNUAL: Record<CovidKind, Record<number, number>> = {
  permits: { 2020: 0.68, 2021: 0.9 },
  asylum: { 2020: 0.6, 2021: 0.92 },
  returns: { 2020: 0.55, 2021: 0.85 },
  none: {},
};

export function covidFactor(kind: CovidKind, spec: Keyframes, year: number): number {
  if (hasKeyframe(spec, 2020)) return 1;
  return COVID_ANNUAL[kind][year] ?? 1;
}

/** Border traffic by month under the pandemic: near stop in spring 2020, slow recovery through 2021. */
const COVID_MONTHLY: Record<number, readonly number[]> = {
  2020: [1, 0.95, 0.55, 0.06, 0.08, 0.15, 0.3, 0.38, 0.35, 0.33, 0.3, 0.32],
  2021: [0.3, 0.3, 0.35, 0.4, 0.45, 0.6, 0.7, 0.75, 0.7, 0.65, 0.65, 0.7],
};

export function covidMonthly(year: number, month: number): number {
  return COVID_MONTHLY[year]?.[month - 1] ?? 1;
}

/**
 * Seasonal weights of the twelve months, mean 1: a summer peak (July/August) of the given amplitude,
 * plus an optional December/January holiday peak.
 */
export function seasonalWeights(amplitude: number, holidayPeak = 0): number[] {
  const raw = Array.from({ length: 12 }, (_, i) => {
    const month = i + 1;
    const holiday = month === 12 ? holidayPeak : month === 1 ? holidayPeak / 2 : 0;
    return 1 + amplitude * Math.cos((2 * Math.PI * (month - 7.5)) / 12) + holiday;
  });
  const mean = raw.reduce((a, b) => a + b, 0) / 12;
  return raw.map((w) => w / mean);
}
