// Monthly and quarterly figures shown by quarter or year. A flow (crossings, arrivals) is the sum of
// its published parts: flagged with every part's status, marked incomplete when a part has no
// figure, and withheld as a whole when any part is withheld (a sum would reveal it). A stock (the
// catalog's `stock` indicators: people counted on a day) is never summed: the period shows the
// figure of its last month or quarter, as published.
import { atFrequency } from './periods.js';
import type { Frequency, IndicatorDef, Observation } from './types.js';

const PER_YEAR: Record<Frequency, number> = { A: 1, Q: 4, M: 12 };

/** How many parts at `from` frequency make one period at `to` frequency (3 months a quarter…). */
export function partsPer(from: Frequency, to: Frequency): number {
  return PER_YEAR[from] / PER_YEAR[to];
}

/** Whether `target` is coarser than the indicator's own frequency (the only direction that adds up). */
export function canAggregate(indicator: IndicatorDef, target: Frequency | undefined): target is Frequency {
  return target !== undefined && PER_YEAR[target] < PER_YEAR[indicator.frequency];
}

const keyOf = (o: Observation, period: string) => [period, ...o.dimensions.map((d) => `${d.dimension}=${d.code}`).sort()].join('|');

function sumOf(parts: readonly Observation[], period: string, expected: number): Observation {
  const first = parts[0]!;
  const base = {
    period,
    dimensions: first.dimensions,
    release:
      parts
        .map((p) => p.release)
        .sort()
        .at(-1) ?? null,
  };
  const withheld = parts.find((p) => p.confidentiality !== 'F');
  if (withheld) return { ...base, value: null, status: 'A', confidentiality: withheld.confidentiality };
  const present = parts.filter((p) => p.value !== null);
  if (present.length === 0) return { ...base, value: null, status: first.status, confidentiality: 'F' };
  const value = present.reduce((s, p) => s + p.value!, 0);
  const statuses = [...new Set(present.map((p) => p.status).filter((s) => s !== 'A'))];
  const revised = present.some((p) => p.revised && p.previousValue != null);
  return {
    ...base,
    value,
    status: statuses.length === 1 ? statuses[0]! : 'A',
    confidentiality: 'F',
    ...(statuses.length > 1 ? { statuses } : {}),
    ...(present.length < expected ? { missingParts: expected - present.length } : {}),
    ...(revised
      ? {
          revised: true,
          previousValue: present.reduce((s, p) => s + (p.revised && p.previousValue != null ? p.previousValue : p.value!), 0),
        }
      : {}),
  };
}

/** One member's figures at the coarser frequency `to`, per period and combination of codes. */
export function aggregateObservations(observations: readonly Observation[], indicator: IndicatorDef, to: Frequency): Observation[] {
  const groups = new Map<string, { period: string; parts: Observation[] }>();
  for (const o of observations) {
    const period = atFrequency(o.period, to, 'start');
    const key = keyOf(o, period);
    const group = groups.get(key) ?? { period, parts: [] };
    group.parts.push(o);
    groups.set(key, group);
  }
  const expected = partsPer(indicator.frequency, to);
  const out: Observation[] = [];
  for (const { period, parts } of groups.values()) {
    if (!indicator.stock) {
      out.push(sumOf(parts, period, expected));
      continue;
    }
    // The stock at the end of the period: its last part, or nothing when that one is not published.
    const last = atFrequency(period, indicator.frequency, 'end');
    const end = parts.find((p) => p.period === last);
    if (end) out.push({ ...end, period });
  }
  return out;
}
