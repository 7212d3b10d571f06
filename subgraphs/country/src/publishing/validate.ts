import type { Catalog } from '@migfed/schema';
import type { SqlSession } from '@migfed/subgraph-kit';
import { badValues, codeProblem, type FlaggedRow, rowProblems, SEP } from './checks.js';
import type { FileLayout } from './header.js';
import type { Problem } from './problems.js';
import { lit } from './sql-text.js';
import { loadPartitions, type Staged } from './staging.js';

/** The codes OBS_STATUS and CONF_STATUS may take. */
interface StatusCodes {
  obs: string[];
  conf: string[];
}

/** At most this many problems of each severity are listed. */
export const PROBLEM_LIMIT = 500;

const MISSING_SQL = `value_raw in ('', ':', 'NaN', 'NA')`;
/** A row whose value breaks a rule: not a number, negative, fractional, or missing without a reason. */
const BAD_VALUE_SQL = `(value < 0 or value <> trunc(value) or (value is null and not ${MISSING_SQL}) or (${MISSING_SQL} and obs_status not in ('M', 'L', 'O', 'Q')))`;

/** The code of every file dimension on a staged row, from its series key and `extra`. */
function fileCodes(catalog: Catalog, layout: FileLayout, indicator: string, key: string, extra: string | null): Record<string, string> {
  const own = catalog.indicator(indicator)?.dimensions ?? layout.dimensions;
  const codes = key === '' ? [] : key.split(';');
  const byName = new Map([...own].sort().map((d, i) => [d, codes[i] ?? '_T']));
  for (const pair of extra ? extra.split(';') : []) {
    const at = pair.indexOf('=');
    byName.set(pair.slice(0, at), pair.slice(at + 1));
  }
  return Object.fromEntries(layout.dimensions.map((d) => [`d_${d}`, byName.get(d) ?? '_T']));
}

/**
 * What the file uses, by distinct values (indicator × period, indicator × series), and, per
 * indicator × period, how many rows have a value that is not a plain whole count, a status outside
 * its codelist, or a code for a dimension their indicator does not have. Two aggregates in one
 * statement rather than grouping sets, because PostgreSQL can run each with parallel workers
 * (grouping sets cannot be). Rarer columns get their own query, only when the file has them.
 */
async function summarise(session: SqlSession, staged: Staged, statuses: StatusCodes) {
  const t = staged.table;
  const rows = await session.query<{ k: number; a: string | null; b: string | null; bad: number; status: number; extra: number }>(
    `select 1 as k, indicator as a, period as b, (count(*) filter (where value_raw is not null or value < 0 or value <> trunc(value)))::int as bad,
            (count(*) filter (where obs_status <> all($1::text[]) or conf_status <> all($2::text[])))::int as status, count(extra)::int as extra
       from ${t} group by indicator, period
     union all select 2, indicator, series_key, 0, 0, 0 from (select distinct indicator, series_key from ${t}) s`,
    [statuses.obs, statuses.conf],
  );
  const periods = new Set<string>();
  const keys: [string, string][] = [];
  const indicators = new Set<string>();
  let badValueRows = 0;
  let badStatusRows = 0;
  let extraRows = 0;
  for (const row of rows) {
    const indicator = row.a ?? '';
    if (row.k === 1) {
      periods.add(`${indicator}${SEP}${row.b}`);
      indicators.add(indicator);
      badValueRows += row.bad;
      badStatusRows += row.status;
      extraRows += row.extra;
    } else keys.push([indicator, row.b!]);
  }
  const distinct = async (sql: string) => (await session.query<{ a: string; b: string | null }>(sql)).map((r) => [r.a, r.b] as const);
  const extras =
    extraRows > 0 ? await distinct(`select distinct indicator as a, extra as b from ${staged.table} where extra is not null`) : [];
  const has = (c: string) => staged.checkColumns.includes(c);
  const actions = has('action')
    ? (await distinct(`select distinct action as a from ${staged.table} where action is not null`)).map(([a]) => a)
    : [];
  const refAreas = has('ref_area')
    ? (await distinct(`select distinct ref_area as a from ${staged.table} where ref_area is not null`)).map(([a]) => a)
    : [];
  const freqs = has('freq') ? await distinct(`select distinct indicator as a, freq as b from ${staged.table} where freq is not null`) : [];
  return { periods, keys, extras, indicators, badValueRows, badStatusRows, actions, refAreas, freqs };
}

export interface Validation {
  errors: Problem[];
  /** Problems found; past the listed ones, each further row with an error counts once. */
  errorCount: number;
  warnings: Problem[];
  warningCount: number;
  /** Indicators the file has (for the small-count threshold). */
  indicators: string[];
}

/** Cells given twice: grouped with a hash, so only duplicated cells are joined back. */
export async function duplicateProblems(session: SqlSession, staged: Staged): Promise<{ problems: Problem[]; count: number }> {
  const rows = await session.query<{ line: number; message: string; total: number }>(
    `select s.line, 'the same cell as line ' || d.first || ' (' || s.indicator || ', ' || s.period || ')' as message, (count(*) over ())::int as total
       from ${staged.table} s
       join (select indicator, series_key, period, min(line) as first from ${staged.table} where indicator <> ''
              group by indicator, series_key, period having count(*) > 1) d using (indicator, series_key, period)
      where s.line <> d.first order by s.line limit ${PROBLEM_LIMIT}`,
  );
  return { problems: rows.map((r) => ({ severity: 'error', line: r.line, message: r.message })), count: rows[0]?.total ?? 0 };
}

/** Breakdowns by `d` that do not add up to the total on another line (a warning). */
function additivity(catalog: Catalog, staged: Staged, d: string): string | undefined {
  const having = catalog.indicators.filter((i) => i.dimensions.includes(d));
  if (having.length === 0) return undefined;
  // The code of `d` and the codes of the other dimensions, cut out of each indicator's series key.
  const place = (i: { dimensions: readonly string[] }) => [...i.dimensions].sort().indexOf(d) + 1;
  const arr = `string_to_array(series_key, ';')`;
  const code = `case indicator ${having.map((i) => `when ${lit(i.code)} then split_part(series_key, ';', ${place(i)})`).join(' ')} end`;
  const rest = `case indicator ${having.map((i) => `when ${lit(i.code)} then array_to_string((${arr})[1:${place(i) - 1}] || (${arr})[${place(i) + 1}:], ';')`).join(' ')} end`;
  return `with cells as materialized (
      select line, indicator, period, value, ${code} as code, ${rest} as rest from ${staged.table}
       where value is not null and indicator in (${having.map((i) => lit(i.code)).join(', ')}))
    select t.line, ${lit(d)} as col, 'the breakdown by ${d} (' || b.n || ' cells) adds up to ' || b.total || ', not to the total ' || t.value || ' on this line' as message,
           (count(*) over ())::int as total
      from (select c.indicator, c.period, c.rest, p.part, sum(c.value) as total, count(*) as n, bool_or(p.exclusive) as exclusive
              from cells c join cat_partition p on p.dimension = ${lit(d)} and p.code = c.code group by c.indicator, c.period, c.rest, p.part) b
      join cells t on t.indicator = b.indicator and t.period = b.period and t.rest = b.rest and t.code = '_T'
     where b.exclusive and b.total <> t.value
     order by t.line limit ${PROBLEM_LIMIT}`;
}

/**
 * Every rule over the staged file, set-wise in SQL: one scan collects the distinct values the file
 * uses (checked against the catalog in memory) and counts rows with a bad value; only when
 * something is wrong are the offending rows read back, with their lines. Cells given twice are
 * found by the release index when it is built (see merge.ts); `duplicates: true` looks for them
 * here too (a dry run, or a file that already has errors, so that every problem is listed at once).
 */
export async function validateStaged(
  session: SqlSession,
  layout: FileLayout,
  country: string,
  staged: Staged,
  catalog: Catalog,
  options: { duplicates: boolean; additivity?: boolean },
): Promise<Validation> {
  const statuses: StatusCodes = {
    obs: catalog.codelists.get('OBS_STATUS')?.codes.map((c) => c.id) ?? [],
    conf: catalog.codelists.get('CONF_STATUS')?.codes.map((c) => c.id) ?? [],
  };
  const summary = await summarise(session, staged, statuses);
  const bad = badValues(catalog, { periods: summary.periods, obsStatuses: new Set(), confStatuses: new Set(), codes: new Map() });
  const badKeys = summary.keys
    .filter(([indicator, key]) => {
      const def = catalog.indicator(indicator);
      if (!def) return false;
      const codes = fileCodes(catalog, layout, indicator, key, null);
      return layout.dimensions.some((d) => def.dimensions.includes(d) && codeProblem(catalog, def, d, codes[`d_${d}`]!) !== undefined);
    })
    .map(([indicator, key]) => `${indicator}${SEP}${key}`);
  const badExtras = summary.extras.filter(([indicator]) => catalog.indicator(indicator) !== undefined).map(([i, e]) => `${i}${SEP}${e}`);
  const badActions = [...summary.actions].filter((a) => !['I', 'A', 'R', 'M'].includes(a));
  const badAreas = [...summary.refAreas].filter((a) => a !== country);
  const badFreqs = summary.freqs
    .filter(([i, f]) => catalog.indicator(i) !== undefined && catalog.indicator(i)!.frequency !== f)
    .map(([i, f]) => `${i}${SEP}${f}`);
  const anyBad =
    [bad.indicatorPeriods, badKeys, badExtras, badActions, badAreas, badFreqs].some((list) => list.length > 0) ||
    summary.badValueRows + summary.badStatusRows > 0;

  const problems: Problem[] = [...staged.problems];
  let errorCount = staged.problems.length;
  if (anyBad) {
    const params: unknown[] = [bad.indicatorPeriods, statuses.obs, statuses.conf, badKeys, badExtras];
    const conditions = [
      `indicator = ''`,
      `indicator || ${lit(SEP)} || period = any($1::text[])`,
      `obs_status <> all($2::text[])`,
      `conf_status <> all($3::text[])`,
      `indicator || ${lit(SEP)} || series_key = any($4::text[])`,
      `indicator || ${lit(SEP)} || extra = any($5::text[])`,
      BAD_VALUE_SQL,
    ];
    const also = (column: string, list: string[], condition: (p: string) => string) => {
      if (!staged.checkColumns.includes(column)) return;
      params.push(list);
      conditions.push(condition(`$${params.length}::text[]`));
    };
    also('action', badActions, (p) => `action = any(${p})`);
    also('ref_area', badAreas, (p) => `ref_area = any(${p})`);
    also('freq', badFreqs, (p) => `indicator || ${lit(SEP)} || freq = any(${p})`);
    const optional = ['action', 'ref_area', 'freq'].filter((c) => staged.checkColumns.includes(c));
    const flagged = await session.query<FlaggedRow & { series_key: string; extra: string | null; total: number }>(
      `select line, nullif(indicator, '') as indicator, period, value as value_num, coalesce(value_raw, value::text) as value_raw, obs_status, conf_status,
              series_key, extra${optional.map((c) => `, ${c}`).join('')}, (count(*) over ())::int as total
         from ${staged.table} where ${conditions.join(' or ')} order by line limit ${PROBLEM_LIMIT}`,
      params,
    );
    const cellProblems = flagged.flatMap((row) =>
      rowProblems(catalog, layout, country, {
        ...row,
        ...fileCodes(catalog, layout, (row.indicator as string | null) ?? '', row.series_key, row.extra),
      }),
    );
    problems.push(...cellProblems);
    errorCount += cellProblems.length + Math.max(0, (flagged[0]?.total ?? 0) - flagged.length);
  }
  if (errorCount > 0 || options.duplicates) {
    const dups = await duplicateProblems(session, staged);
    problems.push(...dups.problems);
    errorCount += dups.count;
  }
  const indicators = [...summary.indicators];
  if (errorCount > 0) {
    const errors = problems.sort((a, b) => a.line - b.line || (a.column ?? '').localeCompare(b.column ?? '')).slice(0, PROBLEM_LIMIT);
    return { errors, errorCount, warnings: [], warningCount: 0, indicators };
  }
  if (options.additivity === false) return { errors: [], errorCount: 0, warnings: [], warningCount: 0, indicators };
  const warnings = await additivityWarnings(session, staged, layout, catalog, summary.keys);
  return { errors: [], errorCount: 0, ...warnings, indicators };
}

/** Additivity is checked for the file's dimensions that have both a total and a breakdown. */
async function additivityWarnings(session: SqlSession, staged: Staged, layout: FileLayout, catalog: Catalog, keys: [string, string][]) {
  const seen = new Map<string, { total: boolean; parts: boolean }>();
  for (const [indicator, key] of keys) {
    if (!catalog.indicator(indicator)) continue;
    const codes = fileCodes(catalog, layout, indicator, key, null);
    for (const d of layout.dimensions) {
      if (!catalog.indicator(indicator)!.dimensions.includes(d)) continue;
      const t = seen.get(d) ?? { total: false, parts: false };
      if (codes[`d_${d}`] === '_T') t.total = true;
      else t.parts = true;
      seen.set(d, t);
    }
  }
  const checks = layout.dimensions
    .filter((d) => seen.get(d)?.total && seen.get(d)?.parts)
    .flatMap((d) => additivity(catalog, staged, d) ?? []);
  if (checks.length === 0) return { warnings: [], warningCount: 0 };
  await loadPartitions(session, catalog);
  const rows: { line: number; col: string; message: string; total: number }[] = [];
  let warningCount = 0;
  for (const check of checks) {
    const found = await session.query<{ line: number; col: string; message: string; total: number }>(check);
    rows.push(...found);
    warningCount += found[0]?.total ?? 0;
  }
  rows.sort((a, b) => a.line - b.line || a.col.localeCompare(b.col));
  return {
    warnings: rows.slice(0, PROBLEM_LIMIT).map((r): Problem => ({ severity: 'warning', line: r.line, column: r.col, message: r.message })),
    warningCount,
  };
}
