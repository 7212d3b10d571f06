import type { SqlSession } from '@migfed/subgraph-kit';
import type { FileLayout } from './header.js';
import type { Problem } from './problems.js';
import type { Staged } from './staging.js';
import { dimColumn, lit } from './sql-text.js';

/** At most this many problems of each severity are listed; the counts are always complete. */
export const PROBLEM_LIMIT = 500;

const MISSING = `s.value_raw in ('', ':', 'NaN', 'NA')`;
const PERIOD_RE = `case i.frequency when 'A' then '^[0-9]{4}$' when 'Q' then '^[0-9]{4}-Q[1-4]$' else '^[0-9]{4}-(0[1-9]|1[0-2])$' end`;
const FREQ_NAME = `case i.frequency when 'A' then 'annual (e.g. 2023)' when 'Q' then 'quarterly (e.g. 2023-Q1)' else 'monthly (e.g. 2023-01)' end`;

/** Per-cell rules: each a SELECT of (line, column, message) over `stg s left join cat_ind i`. */
function cellRules(layout: FileLayout, country: string): string[] {
  const has = (c: string) => layout.index.has(c);
  const rules = [
    `select s.line, 'INDICATOR', 'INDICATOR is empty' from stg s left join cat_ind i on i.code = s.indicator where s.indicator is null`,
    `select s.line, 'INDICATOR', 'unknown indicator "' || s.indicator || '"; the catalog has ' || (select string_agg(code, ', ' order by code) from cat_ind)
       from stg s left join cat_ind i on i.code = s.indicator where s.indicator is not null and i.code is null`,
    `select s.line, 'TIME_PERIOD', case when s.period = '' then 'TIME_PERIOD is empty' else 'period "' || s.period || '" does not fit ' || i.code || ', which is ' || ${FREQ_NAME} end
       from stg s join cat_ind i on i.code = s.indicator
       where case when s.period !~ ${PERIOD_RE} then true else left(s.period, 4)::int not between 1900 and 2100 end`,
    `select s.line, 'OBS_VALUE', 'OBS_VALUE "' || left(s.value_raw, 40) || '" is not a number (digits only, at most 15 before the decimal point)'
       from stg s where not ${MISSING} and s.value_num is null`,
    `select s.line, 'OBS_VALUE', 'a count cannot be negative (' || s.value_raw || ')' from stg s where s.value_num < 0`,
    `select s.line, 'OBS_VALUE', 'a count must be a whole number (' || s.value_raw || ')' from stg s where s.value_num <> trunc(s.value_num)`,
    `select s.line, 'OBS_VALUE', 'the value is missing but OBS_STATUS ' || s.obs_status || ' does not say why; use M (cannot exist), L (not collected), O (missing) or Q (suppressed)'
       from stg s where ${MISSING} and s.obs_status not in ('M', 'L', 'O', 'Q')`,
    `select s.line, 'OBS_STATUS', 'unknown OBS_STATUS "' || s.obs_status || '"' from stg s
       where not exists (select 1 from cat_code c where c.dimension = 'OBS_STATUS' and c.code = s.obs_status)`,
    `select s.line, 'CONF_STATUS', 'unknown CONF_STATUS "' || s.conf_status || '"' from stg s
       where not exists (select 1 from cat_code c where c.dimension = 'CONF_STATUS' and c.code = s.conf_status)`,
  ];
  if (has('ACTION')) {
    rules.push(`select s.line, 'ACTION', case when s.action = 'D' then 'ACTION D (delete) is not supported: publish a revision with the corrected value, or the value missing with OBS_STATUS O'
      else 'unknown ACTION "' || s.action || '"; use I, A, R or M' end from stg s where coalesce(s.action, 'I') not in ('I', 'A', 'R', 'M')`);
  }
  if (has('REF_AREA')) {
    rules.push(`select s.line, 'REF_AREA', 'REF_AREA ' || s.ref_area || ' is not ${country}: each member publishes only its own figures'
      from stg s where s.ref_area is not null and s.ref_area <> ${lit(country)}`);
  }
  if (has('FREQ')) {
    rules.push(`select s.line, 'FREQ', 'FREQ ' || s.freq || ' does not fit ' || i.code || ', which is ' || ${FREQ_NAME}
      from stg s join cat_ind i on i.code = s.indicator where s.freq is not null and s.freq <> i.frequency`);
  }
  for (const d of layout.dimensions) {
    const c = `s.${dimColumn(d)}`;
    rules.push(`select s.line, ${lit(d)}, ${lit(`${d} does not apply to `)} || i.code || ' (its dimensions: ' || array_to_string(i.dims, ', ') || '); leave it empty or _T'
      from stg s join cat_ind i on i.code = s.indicator where ${c} <> '_T' and not (${lit(d)} = any(i.dims))`);
    rules.push(`select s.line, ${lit(d)}, 'unknown code "' || ${c} || '" for ${d}'
      from stg s join cat_ind i on i.code = s.indicator where ${lit(d)} = any(i.dims)
      and not exists (select 1 from cat_code c where c.dimension = ${lit(d)} and c.code = ${c})`);
  }
  return rules;
}

const DUPLICATES = `select s.line, null::text, 'the same cell as line ' || s.first || ' (' || s.indicator || ', ' || s.period || ', ' || s.series_key || ')'
  from (select line, indicator, period, series_key, min(line) over (partition by indicator, period, series_key) as first from stg where series_key is not null) s
  where s.line <> s.first`;

/** Breakdowns that do not add up to the total on another line (a warning: partial breakdowns exist). */
function additivityRules(layout: FileLayout): string[] {
  return layout.dimensions.map((d) => {
    const others = layout.dimensions.filter((o) => o !== d).map(dimColumn);
    const keys = ['indicator', 'period', ...others];
    return `select t.line, ${lit(d)}, 'the breakdown by ${d} (' || b.n || ' cells) adds up to ' || b.total || ', not to the total ' || t.value_num || ' on this line'
      from (select ${keys.map((k) => `s.${k}`).join(', ')}, p.part, sum(s.value_num) as total, count(*) as n, bool_or(p.exclusive) as exclusive
            from stg s join cat_partition p on p.dimension = ${lit(d)} and p.code = s.${dimColumn(d)}
            where s.value_num is not null group by ${keys.map((k) => `s.${k}`).join(', ')}, p.part) b
      join stg t on ${keys.map((k) => `t.${k} = b.${k}`).join(' and ')} and t.${dimColumn(d)} = '_T'
      where b.exclusive and t.value_num is not null and b.total <> t.value_num`;
  });
}

async function collect(session: SqlSession, rules: string[], severity: Problem['severity'], skip: number[]): Promise<{ problems: Problem[]; count: number }> {
  if (rules.length === 0) return { problems: [], count: 0 };
  const all = rules.map((r) => `(${r})`).join('\nunion all\n');
  const rows = await session.query<{ line: number; col: string | null; message: string; total: number }>(
    `select line::int as line, col, message, (count(*) over ())::int as total from (${all}) as p(line, col, message)
      where not (line = any($1::int[])) order by line, col limit ${PROBLEM_LIMIT}`,
    [skip],
  );
  return {
    problems: rows.map((r) => ({ severity, line: r.line, ...(r.col ? { column: r.col } : {}), message: r.message })),
    count: rows[0]?.total ?? 0,
  };
}

export interface Validation {
  errors: Problem[];
  errorCount: number;
  warnings: Problem[];
  warningCount: number;
}

/**
 * Every rule over the staged file at once, set-wise in SQL; nothing is written. Rows the scanner
 * could not split come first as they are and are left out of the other rules.
 */
export async function validateStaged(session: SqlSession, layout: FileLayout, country: string, staged: Staged): Promise<Validation> {
  const found = await collect(session, [...cellRules(layout, country), DUPLICATES], 'error', staged.malformedLines);
  const errors = [...staged.problems, ...found.problems].sort((a, b) => a.line - b.line).slice(0, PROBLEM_LIMIT);
  const errorCount = staged.problems.length + found.count;
  const warnings = errorCount === 0 ? await collect(session, additivityRules(layout), 'warning', []) : { problems: [], count: 0 };
  return { errors, errorCount, warnings: warnings.problems, warningCount: warnings.count };
}
