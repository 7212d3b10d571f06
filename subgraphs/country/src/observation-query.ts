import { type Catalog, codelistOf, type Frequency, parsePeriod, periodError, periodRange } from '@migfed/schema';
import type { ObservationQuery } from './db/cells.js';
import { invalidAsOf, invalidFilter, invalidPeriod, unknownCode, unknownDimension, unknownIndicator } from './errors.js';

export interface ObservationArgs {
  indicator: string;
  from?: string | null;
  to?: string | null;
  filter?: readonly { dimension: string; codes: readonly string[]; allHeld?: boolean | null }[] | null;
  /** Already a Date: the DateTime scalar parses and checks it. */
  asOf?: Date | null;
  /** Sum into this frequency when coarser than the indicator's (see summed.ts); `observations` only. */
  frequency?: Frequency | null;
}

/**
 * Validates the arguments of `observations` against the catalog and turns them into a query:
 * every dimension of the indicator not named in `filter` is restricted to its total `_T`; one
 * with `allHeld` is not restricted at all (null in `codesByDimension`).
 */
export function toObservationQuery(catalog: Catalog, country: string, args: ObservationArgs): ObservationQuery {
  const indicator = catalog.indicator(args.indicator);
  if (!indicator)
    throw unknownIndicator(
      args.indicator,
      catalog.indicators.map((i) => i.code),
    );
  const codesByDimension = new Map<string, readonly string[] | null>(indicator.dimensions.map((d) => [d, ['_T']]));
  for (const { dimension, codes, allHeld } of args.filter ?? []) {
    if (!indicator.dimensions.includes(dimension)) throw unknownDimension(indicator.code, dimension, indicator.dimensions);
    if (allHeld) {
      if (codes.length > 0) throw invalidFilter(dimension, 'give either `codes` or `allHeld: true`, not both');
      codesByDimension.set(dimension, null);
      continue;
    }
    const codelist = codelistOf(catalog, dimension);
    const known = new Set(codelist?.codes.map((c) => c.id));
    const bad = codes.find((c) => !known.has(c));
    if (bad !== undefined) throw unknownCode(dimension, bad, codelist?.id ?? '?');
    codesByDimension.set(dimension, codes);
  }
  const asOfYear = args.asOf?.getUTCFullYear();
  if (args.asOf && !(asOfYear !== undefined && asOfYear >= 1900 && asOfYear <= 9999)) throw invalidAsOf(args.asOf);
  const from = args.from ? parsePeriod(args.from) : undefined;
  if (args.from && !from) throw invalidPeriod('from', periodError(args.from, 'from'));
  const to = args.to ? parsePeriod(args.to) : undefined;
  if (args.to && !to) throw invalidPeriod('to', periodError(args.to, 'to'));
  // Days to periods of the indicator's frequency: `from` 2023 on a monthly series is 2023-01.
  const range = periodRange(indicator.frequency, from?.start, to?.end);
  return {
    country,
    indicator: indicator.code,
    ...(range.from ? { fromPeriod: range.from } : {}),
    ...(range.to ? { toPeriod: range.to } : {}),
    ...(args.asOf ? { asOf: args.asOf.toISOString() } : {}),
    codesByDimension,
  };
}
