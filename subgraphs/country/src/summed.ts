// `observations(frequency:)`: a flow's months (or quarters) summed into quarters or years on the
// member's side, so a reader that wants ten years by partner gets ten figures a series instead of
// a hundred and twenty. Each sum keeps what a reader needs to judge it: how many sub-periods had a
// published value, and every status and confidentiality among them. Stocks are never summed.
import type { Catalog, Frequency } from '@migfed/schema';
import { UserInputError } from '@migfed/subgraph-kit';
import type { FigureRow, ObservationRow } from './db/cells.js';
import { type DimensionValue, dimensionsOfRow } from './resolvers/Observation.js';

const PER_YEAR: Record<Frequency, number> = { A: 1, Q: 4, M: 12 };

/**
 * The frequency to sum an indicator's figures into, when `frequency` is coarser than its own;
 * undefined when it is absent or the indicator's own. Refuses a finer frequency (figures are not
 * split) and a coarser one for a stock (people counted on a day do not add up over months).
 */
export function summedFrequency(catalog: Catalog, indicator: string, frequency: Frequency | null | undefined): Frequency | undefined {
  const def = catalog.indicator(indicator);
  if (!def || !frequency || frequency === def.frequency) return undefined;
  if (PER_YEAR[frequency] > PER_YEAR[def.frequency])
    throw new UserInputError(
      'BAD_USER_INPUT',
      `frequency ${frequency}: indicator ${indicator} is published at frequency ${def.frequency} and its figures are not split into shorter periods`,
      { argument: 'frequency' },
    );
  if (def.stock)
    throw new UserInputError(
      'BAD_USER_INPUT',
      `frequency ${frequency}: indicator ${indicator} is a stock (people counted on a day), never summed over its ${def.frequency === 'M' ? 'months' : 'quarters'}; ask it at frequency ${def.frequency}`,
      { argument: 'frequency' },
    );
  return frequency;
}

/** The period at `to` frequency a sub-period lies in (`2023-05` → `2023` or `2023-Q2`; `2023-Q2` → `2023`). */
export function periodAt(period: string, to: Frequency): string {
  const year = period.slice(0, 4);
  if (to === 'A') return year;
  const month = /^\d{4}-(\d{2})$/.exec(period);
  return month ? `${year}-Q${Math.ceil(Number(month[1]) / 3)}` : period;
}

/** A summed figure, shaped as the graph's Observation. */
export interface SummedObservation {
  indicator: string;
  period: string;
  value: number | null;
  dimensions: DimensionValue[];
  status: string;
  confidentiality: string;
  release: string | null;
  revised: boolean;
  previousValue: null;
  parts: number;
  partStatuses: string[];
  partConfidentiality: string[];
}

/** What a sum of one series' sub-periods says: see sumRows. */
export interface Sum {
  value: number | null;
  status: string;
  confidentiality: string;
  release: string | null;
  parts: number;
  partStatuses: string[];
  partConfidentiality: string[];
}

/** The sum of one series' rows in one period (the rows in period order): see sumRows for the rules. */
export function sumOf(parts: readonly FigureRow[]): Sum {
  const published = parts.filter((p) => p.confStatus === 'F' && p.value !== null);
  const statuses = [...new Set(parts.map((p) => p.obsStatus))].sort();
  return {
    value: published.length > 0 ? published.reduce((s, p) => s + p.value!, 0) : null,
    status: statuses.length === 1 ? statuses[0]! : 'A',
    confidentiality: published.length > 0 ? 'F' : (parts.find((p) => p.confStatus !== 'F')?.confStatus ?? 'F'),
    release:
      parts
        .map((p) => p.release)
        .sort()
        .at(-1) ?? null,
    parts: new Set(published.map((p) => p.period)).size,
    partStatuses: statuses,
    partConfidentiality: [...new Set(parts.map((p) => p.confStatus))].sort(),
  };
}

/**
 * Sums one indicator's rows per series and period at `to` frequency. The value adds up the
 * sub-periods with a published (free, non-null) value and is null when none has one; `status` is
 * the sub-periods' OBS_STATUS when they share one (else `A`: see `partStatuses`); `confidentiality`
 * is F when the value is a sum of published figures, else the first withheld sub-period's; the
 * release is the latest one among them. Ordered by period, then series, as the rows are.
 */
export function sumRows(catalog: Catalog, rows: readonly ObservationRow[], to: Frequency): SummedObservation[] {
  const groups = new Map<string, ObservationRow[]>();
  for (const r of rows) {
    const key = `${periodAt(r.period, to)}\u0000${r.seriesKey}`;
    const group = groups.get(key);
    if (group) group.push(r);
    else groups.set(key, [r]);
  }
  const series = new Map<string, DimensionValue[]>();
  const out: (SummedObservation & { seriesKey: string })[] = [];
  for (const [key, parts] of groups) {
    const [period, seriesKey] = key.split('\u0000') as [string, string];
    out.push({
      seriesKey,
      indicator: parts[0]!.indicator,
      period,
      dimensions: dimensionsOfRow(catalog, parts[0]!, series),
      ...sumOf(parts),
      revised: false,
      previousValue: null,
    });
  }
  out.sort((a, b) =>
    a.period < b.period ? -1 : a.period > b.period ? 1 : a.seriesKey < b.seriesKey ? -1 : a.seriesKey > b.seriesKey ? 1 : 0,
  );
  return out.map(({ seriesKey: _, ...o }) => o);
}
