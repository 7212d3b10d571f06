import type { IndicatorDef } from '@migfed/schema';

/** A SQL string literal. Only for values from the catalog or the header (already checked). */
export const lit = (value: string) => `'${value.replaceAll("'", "''")}'`;
/** A quoted SQL identifier. */
export const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;
/** The staging column holding a dimension's code. */
export const dimColumn = (dimension: string) => ident(`d_${dimension}`);

/** The code of `dimension` on a staged row `alias`: its column, or `_T` when the file has none. */
export const dimValue = (fileDimensions: readonly string[], dimension: string, alias = 's') =>
  fileDimensions.includes(dimension) ? `${alias}.${dimColumn(dimension)}` : `'_T'`;

/** Per indicator of the catalog: SQL for the cell's jsonb dimensions and its canonical series key. */
export function cellIdentity(indicators: readonly IndicatorDef[], fileDimensions: readonly string[], alias = 's') {
  const cases = indicators.map((i) => {
    const v = (d: string) => dimValue(fileDimensions, d, alias);
    const json = `jsonb_build_object(${i.dimensions.map((d) => `${lit(d)}, ${v(d)}`).join(', ')})`;
    const key = [...i.dimensions].sort().map((d) => `${lit(`${d}=`)} || ${v(d)}`).join(` || ';' || `);
    return { when: `when ${lit(i.code)}`, json, key };
  });
  return {
    dims: `case ${alias}.indicator ${cases.map((c) => `${c.when} then ${c.json}`).join(' ')} end`,
    seriesKey: `case ${alias}.indicator ${cases.map((c) => `${c.when} then ${c.key}`).join(' ')} end`,
  };
}

/**
 * SQL for the first and last day of an SDMX period held in `p` (already validated, so its length
 * and one character tell the frequency: no regular expression per row).
 */
export function periodBounds(p: string): { start: string; end: string } {
  const year = `left(${p}, 4)::int`;
  const quarterly = `substr(${p}, 6, 1) = 'Q'`;
  const start = `(case when length(${p}) = 4 then make_date(${year}, 1, 1)
    when ${quarterly} then make_date(${year}, (substr(${p}, 7, 1)::int - 1) * 3 + 1, 1)
    else make_date(${year}, substr(${p}, 6, 2)::int, 1) end)`;
  const length = `(case when length(${p}) = 4 then interval '1 year' when ${quarterly} then interval '3 months' else interval '1 month' end)`;
  return { start, end: `(${start} + ${length} - interval '1 day')::date` };
}
