import type { Catalog } from '@migfed/schema';
import type { SqlSession } from '@migfed/subgraph-kit';
import { type BadValues, badValues, type FlaggedRow, rowProblems, SEP, type Summary } from './checks.js';
import type { FileLayout } from './header.js';
import type { Problem } from './problems.js';
import type { Staged } from './staging.js';
import { dimColumn, lit } from './sql-text.js';

/** At most this many problems of each severity are listed. */
export const PROBLEM_LIMIT = 500;

/** One scan, several hash aggregates: every distinct value the file uses, per rule. */
async function summarise(session: SqlSession, layout: FileLayout): Promise<Summary & { totals: Map<string, { total: boolean; parts: boolean }> }> {
  const dims = layout.dimensions.map(dimColumn);
  const sets = ['(indicator, period)', '(obs_status)', '(conf_status)', ...dims.map((d) => `(indicator, ${d})`)];
  const rows = await session.query<Record<string, string | null> & { g: number }>(
    `select indicator, period, obs_status, conf_status${dims.map((d) => `, ${d}`).join('')},
       grouping(indicator, period, obs_status, conf_status${dims.map((d) => `, ${d}`).join('')})::int as g
     from stg group by grouping sets (${sets.join(', ')})`,
  );
  const width = 4 + dims.length;
  const grouped = (g: number, position: number) => (g & (1 << (width - 1 - position))) === 0;
  const summary = { periods: new Set<string>(), obsStatuses: new Set<string>(), confStatuses: new Set<string>(), codes: new Map<string, Set<string>>(), totals: new Map<string, { total: boolean; parts: boolean }>() };
  for (const row of rows) {
    if (grouped(row.g, 1)) summary.periods.add(`${row['indicator'] ?? ''}${SEP}${row['period']}`);
    else if (grouped(row.g, 2)) summary.obsStatuses.add(row['obs_status'] as string);
    else if (grouped(row.g, 3)) summary.confStatuses.add(row['conf_status'] as string);
    else {
      layout.dimensions.forEach((d, i) => {
        if (!grouped(row.g, 4 + i) || row['indicator'] === null) return;
        const code = row[`d_${d}`] as string;
        const set = summary.codes.get(d) ?? new Set<string>();
        set.add(`${row['indicator']}${SEP}${code}`);
        summary.codes.set(d, set);
        const t = summary.totals.get(d) ?? { total: false, parts: false };
        if (code === '_T') t.total = true;
        else t.parts = true;
        summary.totals.set(d, t);
      });
    }
  }
  return summary;
}

const MISSING_SQL = `value_raw in ('', ':', 'NaN', 'NA')`;

/** Rows that break a per-cell rule: only the distinct bad values, plus the value checks. */
async function flaggedRows(session: SqlSession, layout: FileLayout, country: string, bad: BadValues, skip: number[]) {
  const params: unknown[] = [skip, bad.indicatorPeriods, bad.obsStatuses, bad.confStatuses];
  const conditions = [
    `indicator is null`,
    `coalesce(indicator, '') || ${lit(SEP)} || period = any($2::text[])`,
    `obs_status = any($3::text[])`,
    `conf_status = any($4::text[])`,
    `(not ${MISSING_SQL} and value_num is null)`,
    `value_num < 0`,
    `value_num <> trunc(value_num)`,
    `(${MISSING_SQL} and obs_status not in ('M', 'L', 'O', 'Q'))`,
  ];
  if (layout.index.has('ACTION')) conditions.push(`coalesce(action, 'I') not in ('I', 'A', 'R', 'M')`);
  if (layout.index.has('REF_AREA')) conditions.push(`(ref_area is not null and ref_area <> ${lit(country)})`);
  if (layout.index.has('FREQ')) conditions.push(`freq is not null`); // checked per row in JS against the indicator
  for (const [d, pairs] of bad.codes) {
    params.push(pairs);
    conditions.push(`coalesce(indicator, '') || ${lit(SEP)} || ${dimColumn(d)} = any($${params.length}::text[])`);
  }
  return session.query<FlaggedRow & { total: number }>(
    `select *, (count(*) over ())::int as total from stg where not (line = any($1::int[])) and (${conditions.join(' or ')})
      order by line limit ${PROBLEM_LIMIT}`,
    params,
  );
}

/** Cells given twice: grouped with a hash, so only duplicated cells are joined back. */
function duplicates(layout: FileLayout): string {
  const keys = ['indicator', 'period', ...layout.dimensions.map(dimColumn)];
  return `select s.line, 'the same cell as line ' || d.first || ' (' || s.indicator || ', ' || s.period || ')' as message, (count(*) over ())::int as total
    from stg s join (select ${keys.join(', ')}, min(line) as first from stg where indicator is not null group by ${keys.join(', ')} having count(*) > 1) d
      using (${keys.join(', ')})
    where s.line <> d.first order by s.line limit ${PROBLEM_LIMIT}`;
}

/** Breakdowns by `d` that do not add up to the total on another line (a warning). */
function additivity(layout: FileLayout, d: string): string {
  const keys = ['indicator', 'period', ...layout.dimensions.filter((o) => o !== d).map(dimColumn)];
  return `select t.line, ${lit(d)} as col, 'the breakdown by ${d} (' || b.n || ' cells) adds up to ' || b.total || ', not to the total ' || t.value_num || ' on this line' as message
    from (select ${keys.map((k) => `s.${k}`).join(', ')}, p.part, sum(s.value_num) as total, count(*) as n, bool_or(p.exclusive) as exclusive
          from stg s join cat_partition p on p.dimension = ${lit(d)} and p.code = s.${dimColumn(d)}
          where s.value_num is not null group by ${keys.map((k) => `s.${k}`).join(', ')}, p.part) b
    join stg t on ${keys.map((k) => `t.${k} = b.${k}`).join(' and ')} and t.${dimColumn(d)} = '_T'
    where b.exclusive and t.value_num is not null and b.total <> t.value_num`;
}

export interface Validation {
  errors: Problem[];
  /** Problems found; past the listed ones, each further row with an error counts once. */
  errorCount: number;
  warnings: Problem[];
  warningCount: number;
}

/**
 * Every rule over the staged file, set-wise in SQL: the distinct values the file uses are checked
 * against the catalog (in memory), and only rows carrying a bad value or a bad number are read
 * back. Rows the scanner could not split are reported as they are and left out of the rest.
 */
export async function validateStaged(session: SqlSession, layout: FileLayout, country: string, staged: Staged, catalog: Catalog): Promise<Validation> {
  const summary = await summarise(session, layout);
  const flagged = await flaggedRows(session, layout, country, badValues(catalog, summary), staged.malformedLines);
  const cellProblems = flagged.flatMap((row) => rowProblems(catalog, layout, country, row));
  const dupRows = await session.query<{ line: number; message: string; total: number }>(duplicates(layout));
  const errors = [...staged.problems, ...cellProblems, ...dupRows.map((r): Problem => ({ severity: 'error', line: r.line, message: r.message }))]
    .sort((a, b) => a.line - b.line || (a.column ?? '').localeCompare(b.column ?? ''));
  const errorCount = staged.problems.length + cellProblems.length + Math.max(0, (flagged[0]?.total ?? 0) - flagged.length) + (dupRows[0]?.total ?? 0);
  if (errorCount > 0) return { errors: errors.slice(0, PROBLEM_LIMIT), errorCount, warnings: [], warningCount: 0 };
  const checks = layout.dimensions.filter((d) => summary.totals.get(d)?.total && summary.totals.get(d)?.parts).map((d) => additivity(layout, d));
  if (checks.length === 0) return { errors: [], errorCount: 0, warnings: [], warningCount: 0 };
  const rows = await session.query<{ line: number; col: string; message: string; total: number }>(
    `select *, (count(*) over ())::int as total from (${checks.map((c) => `(${c})`).join(' union all ')}) w order by line, col limit ${PROBLEM_LIMIT}`,
  );
  return { errors: [], errorCount: 0, warnings: rows.map((r) => ({ severity: 'warning', line: r.line, column: r.col, message: r.message })), warningCount: rows[0]?.total ?? 0 };
}
