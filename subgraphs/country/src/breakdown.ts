// `breakdown(by:)`: one indicator's figures by the codes of one dimension, one entry per code with
// its periods and values as parallel lists. It reads the same rows as `observations` (the same
// loader, so both sides of a mirror pair are still one statement) and answers the same figures,
// without an object and a dimension list per figure: a partner breakdown of twelve members over ten
// years is a few dozen entries instead of hundreds of objects, which is most of what a bilateral
// matrix costs the member and the gateway.
import type { Catalog, Frequency } from '@migfed/schema';
import { UserInputError } from '@migfed/subgraph-kit';
import type { FigureRow, ObservationQuery } from './db/cells.js';
import { unknownDimension } from './errors.js';
import { periodAt, sumOf } from './summed.js';

/** The figures of one code of the `by` dimension, period by period (the graph's CodeSeries). */
export interface CodeSeries {
  code: string;
  periods: string[];
  values: (number | null)[];
  statuses: string[];
  confidentiality: string[];
  parts: number[] | null;
  /** Per period, the sub-periods' OBS_STATUS codes (one letter each) written together, e.g. `AE`. */
  partStatuses: string[] | null;
  /** Per period, the sub-periods' CONF_STATUS codes written together, e.g. `AF`. */
  partConfidentiality: string[] | null;
}

/**
 * The place of `by` in a stored series key (dimension names sorted, see seriesKey), after checking
 * that each of its codes makes one series: every other dimension of the query takes one code (its
 * total when `filter` does not name it). Refuses `by` that is not a dimension of the indicator.
 */
export function breakdownIndex(catalog: Catalog, query: ObservationQuery, by: string): number {
  const dimensions = catalog.indicator(query.indicator)?.dimensions ?? [];
  if (!dimensions.includes(by)) throw unknownDimension(query.indicator, by, dimensions, 'by');
  for (const [dimension, codes] of query.codesByDimension) {
    if (dimension === by || codes?.length === 1) continue;
    throw new UserInputError(
      'BAD_USER_INPUT',
      `breakdown by ${by}: dimension ${dimension} is asked for ${codes === null ? 'every code held' : `${codes.length} codes`}; every dimension other than \`by\` takes one code (its total _T when \`filter\` does not name it), so that each code of ${by} is one series`,
      { argument: 'filter' },
    );
  }
  return [...query.codesByDimension.keys()].sort().indexOf(by);
}

/**
 * The rows of one query (ordered by period, as the loader gives them) as one series per code of
 * the dimension at `byIndex` in their series keys, codes in alphabetical order. With `summed`, each
 * code's sub-periods are summed into periods of that frequency as `observations(frequency:)` does.
 * A withheld figure's value is null, as in `observations`.
 */
export function toBreakdown(rows: readonly FigureRow[], byIndex: number, summed?: Frequency): CodeSeries[] {
  const byCode = new Map<string, Map<string, FigureRow[]>>();
  for (const r of rows) {
    const code = r.seriesKey.split(';')[byIndex] ?? '_T';
    const period = summed ? periodAt(r.period, summed) : r.period;
    let periods = byCode.get(code);
    if (!periods) {
      periods = new Map();
      byCode.set(code, periods);
    }
    const parts = periods.get(period);
    if (parts) parts.push(r);
    else periods.set(period, [r]);
  }
  return [...byCode.keys()].sort().map((code) => {
    const periods = byCode.get(code)!;
    const series: CodeSeries = {
      code,
      periods: [],
      values: [],
      statuses: [],
      confidentiality: [],
      parts: summed ? [] : null,
      partStatuses: summed ? [] : null,
      partConfidentiality: summed ? [] : null,
    };
    for (const period of [...periods.keys()].sort()) {
      const rowsOfPeriod = periods.get(period)!;
      series.periods.push(period);
      if (summed) {
        const sum = sumOf(rowsOfPeriod);
        series.values.push(sum.value);
        series.statuses.push(sum.status);
        series.confidentiality.push(sum.confidentiality);
        series.parts!.push(sum.parts);
        series.partStatuses!.push(sum.partStatuses.join(''));
        series.partConfidentiality!.push(sum.partConfidentiality.join(''));
        continue;
      }
      // One row a period: every other dimension has one code (breakdownIndex).
      const row = rowsOfPeriod[0]!;
      series.values.push(row.confStatus === 'F' ? row.value : null);
      series.statuses.push(row.obsStatus);
      series.confidentiality.push(row.confStatus);
    }
    return series;
  });
}
