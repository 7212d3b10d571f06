/** A SQL string literal. Only for values from the catalog or the header (already checked). */
export const lit = (value: string) => `'${value.replaceAll("'", "''")}'`;
/** A quoted SQL identifier. */
export const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;
/** The staging column holding a dimension's code (`_T` when the file has no column for it). */
export const dimColumn = (dimension: string) => ident(`d_${dimension}`);

/** SQL for the first and last day of an SDMX period held in `p` (already validated). */
export function periodBounds(p: string): { start: string; end: string } {
  const year = `left(${p}, 4)::int`;
  const start = `(case when ${p} ~ '^\\d{4}-Q[1-4]$' then make_date(${year}, (substr(${p}, 7, 1)::int - 1) * 3 + 1, 1)
    when ${p} ~ '^\\d{4}-\\d{2}$' then make_date(${year}, substr(${p}, 6, 2)::int, 1)
    else make_date(${year}, 1, 1) end)`;
  const length = `(case when ${p} ~ '^\\d{4}-Q[1-4]$' then interval '3 months' when ${p} ~ '^\\d{4}-\\d{2}$' then interval '1 month' else interval '1 year' end)`;
  return { start, end: `(${start} + ${length} - interval '1 day')::date` };
}
