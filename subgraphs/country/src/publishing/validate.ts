import type { Catalog } from '@migfed/schema';
import type { SqlSession } from '@migfed/subgraph-kit';
import { badValues, codeProblem, type FlaggedRow, rowProblems, SEP } from './checks.js';
import type { FileLayout } from './header.js';
import type { Problem } from './problems.js';
import { lit } from './sql-text.js';
import { loadPartitions, type Staged } from './staging.js';
import { ACTIONS, actionSql, type DefaultAction, mixedActionProblems } from './withdrawals.js';

/** The codes OBS_STATUS and CONF_STATUS may take. */
interface StatusCodes {
  obs: string[];
  conf: string[];
}

/** At most this many problems of each severity are listed. */
export const PROBLEM_LIMIT = 500;

const MISSING_SQL = `value_raw in ('', ':', 'NaN', 'NA')`;
/**
 * A row whose value breaks a rule: not a number, negative, fractional, or missing without a reason.
 * A row with ACTION D names a cell to withdraw: its value is not read.
 */
const badValueSql = (staged: Staged) =>
  `(${staged.checkColumns.includes('action') ? `action is distinct from 'D' and ` : ''}(value < 0 or value <> trunc(value) or (value is null and not ${MISSING_SQL}) or (${MISSING_SQL} and obs_status not in ('M', 'L', 'O', 'Q'))))`;

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
  /** The (indicator, period) tables the file has cells for. */
  tables: [string, string][];
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

/**
 * Breakdowns by `d` that do not add up to their total (a warning). The staged table then holds the
 * table as it will be published: the file's rows and, without a line, the cells it keeps from the
 * draft and from earlier releases; rows withdrawing a cell (`skip`) do not count.
 */
function additivity(catalog: Catalog, staged: Staged, d: string, skip: string): string | undefined {
  const having = catalog.indicators.filter((i) => i.dimensions.includes(d));
  if (having.length === 0) return undefined;
  // The code of `d` and the codes of the other dimensions, cut out of each indicator's series key.
  const place = (i: { dimensions: readonly string[] }) => [...i.dimensions].sort().indexOf(d) + 1;
  const arr = `string_to_array(series_key, ';')`;
  const code = `case indicator ${having.map((i) => `when ${lit(i.code)} then split_part(series_key, ';', ${place(i)})`).join(' ')} end`;
  const rest = `case indicator ${having.map((i) => `when ${lit(i.code)} then array_to_string((${arr})[1:${place(i) - 1}] || (${arr})[${place(i) + 1}:], ';')`).join(' ')} end`;
  return `with cells as materialized (
      select line, indicator, period, value, ${code} as code, ${rest} as rest from ${staged.table}
       where value is not null and not ${skip} and indicator in (${having.map((i) => lit(i.code)).join(', ')}))
    select coalesce(t.line, b.first) as line, ${lit(d)} as col,
           'the breakdown by ${d} (' || b.n || ' cells) adds up to ' || b.total || ', not to the total ' || t.value ||
           case when t.line is null then ' (' || t.indicator || ' ' || t.period || ', published earlier, kept by this release)' else ' on this line' end as message,
           (count(*) over ())::int as total
      from (select c.indicator, c.period, c.rest, p.part, sum(c.value) as total, count(*) as n, bool_or(p.exclusive) as exclusive, min(c.line) as first
              from cells c join cat_partition p on p.dimension = ${lit(d)} and p.code = c.code group by c.indicator, c.period, c.rest, p.part) b
      join cells t on t.indicator = b.indicator and t.period = b.period and t.rest = b.rest and t.code = '_T'
     where b.exclusive and b.total <> t.value and (t.line is not null or b.first is not null)
     order by 1 limit ${PROBLEM_LIMIT}`;
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
  options: { duplicates: boolean; action: DefaultAction; additivity?: boolean },
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
  const badActions = [...summary.actions].filter((a) => !(ACTIONS as readonly string[]).includes(a));
  const badAreas = [...summary.refAreas].filter((a) => a !== country);
  const badFreqs = summary.freqs
    .filter(([i, f]) => catalog.indicator(i) !== undefined && catalog.indicator(i)!.frequency !== f)
    .map(([i, f]) => `${i}${SEP}${f}`);
  const anyBad =
    [bad.indicatorPeriods, badKeys, badExtras, badActions, badAreas, badFreqs].some((list) => list.length > 0) ||
    summary.badValueRows + summary.badStatusRows > 0;

  const problems: Problem[] = [...staged.problems];
  let errorCount = staged.malformed;
  if (anyBad) {
    const params: unknown[] = [bad.indicatorPeriods, statuses.obs, statuses.conf, badKeys, badExtras];
    const conditions = [
      `indicator = ''`,
      `indicator || ${lit(SEP)} || period = any($1::text[])`,
      `obs_status <> all($2::text[])`,
      `conf_status <> all($3::text[])`,
      `indicator || ${lit(SEP)} || series_key = any($4::text[])`,
      `indicator || ${lit(SEP)} || extra = any($5::text[])`,
      badValueSql(staged),
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
  if (errorCount === 0) {
    const mixed = await mixedActionProblems(session, staged, options.action);
    problems.push(...mixed);
    errorCount += mixed.length;
  }
  if (errorCount > 0 || options.duplicates) {
    const dups = await duplicateProblems(session, staged);
    problems.push(...dups.problems);
    errorCount += dups.count;
  }
  const indicators = [...summary.indicators];
  const tables = [...summary.periods].map((p) => p.split(SEP) as [string, string]).filter(([i]) => i !== '');
  if (errorCount > 0) {
    const errors = problems.sort((a, b) => a.line - b.line || (a.column ?? '').localeCompare(b.column ?? '')).slice(0, PROBLEM_LIMIT);
    return { errors, errorCount, warnings: [], warningCount: 0, indicators, tables };
  }
  if (options.additivity === false) return { errors: [], errorCount: 0, warnings: [], warningCount: 0, indicators, tables };
  const context = await addKeptCells(session, staged, country, summary.periods, options.action);
  const keys = context > 0 ? await distinctKeys(session, staged) : summary.keys;
  const warnings = await additivityWarnings(session, staged, catalog, keys, options.action);
  if (context > 0) await session.execute(`delete from ${staged.table} where line is null`);
  return { errors: [], errorCount: 0, ...warnings, indicators, tables };
}

async function distinctKeys(session: SqlSession, staged: Staged): Promise<[string, string][]> {
  const rows = await session.query<{ indicator: string; key: string }>(
    `select distinct indicator, series_key as key from ${staged.table} where indicator <> ''`,
  );
  return rows.map((r) => [r.indicator, r.key]);
}

/**
 * Adds to the staged table, without a line, the cells its tables will keep when the release is
 * published: the draft's cells the file does not repeat, and for tables the file merges into, the
 * cells readers see now that the file does not repeat or withdraw (unless an earlier import into
 * the draft replaced that table). The additivity check then sees each table as readers will.
 */
async function addKeptCells(
  session: SqlSession,
  staged: Staged,
  country: string,
  periods: Set<string>,
  action: DefaultAction,
): Promise<number> {
  const pairs = [...periods].map((p) => p.split(SEP) as [string, string]).filter(([i]) => i !== '');
  if (pairs.length === 0) return 0;
  const t = staged.table;
  const cols = 'indicator, series_key, period, value, obs_status, conf_status';
  // NOT IN over the staged table runs as one hashed lookup (the staged table has no index or
  // statistics, and a NOT EXISTS could be planned as a loop over it per cell).
  const notInFile = (alias: string) =>
    `(${alias}.indicator, ${alias}.period, ${alias}.series_key) not in (select indicator, period, series_key from ${t})`;
  // Cells of tables the file does not touch come along too; with no line of the file among them,
  // they cannot raise a warning.
  let added = await session.execute(
    `insert into ${t} (${cols}) select ${cols} from country.observations o
      where o.country = $1 and o.release_id = $2 and o.indicator = any($3::text[]) and o.period = any($4::text[]) and ${notInFile('o')}`,
    [country, staged.releaseId, [...new Set(pairs.map(([i]) => i))], [...new Set(pairs.map(([, p]) => p))]],
  );
  const merged = await session.query<{ indicator: string; period: string }>(
    `select distinct indicator, period from ${t} where line is not null and ${actionSql(staged, action)} = 'M'`,
  );
  if (merged.length === 0) return added;
  added += await session.execute(
    `insert into ${t} (${cols}) select ${cols} from country.observation_versions v
      where v.country = $1 and v.indicator = any($3::text[]) and v.period = any($4::text[]) and v.release_id <> $2
        and (v.indicator, v.period) in (select * from unnest($3::text[], $4::text[]))
        and v.valid_from <= now() and (v.valid_to is null or v.valid_to > now())
        and not exists (select 1 from country.withdrawals w where w.country = $1 and w.release_id = $2
                         and w.indicator = v.indicator and w.period = v.period and w.series_key is null)
        and ${notInFile('v')}`,
    [country, staged.releaseId, merged.map((m) => m.indicator), merged.map((m) => m.period)],
  );
  return added;
}

/** Additivity is checked for each dimension that has both a total and a breakdown in some table. */
async function additivityWarnings(session: SqlSession, staged: Staged, catalog: Catalog, keys: [string, string][], action: DefaultAction) {
  const seen = new Map<string, { total: boolean; parts: boolean }>();
  for (const [indicator, key] of keys) {
    const def = catalog.indicator(indicator);
    if (!def) continue;
    const codes = key === '' ? [] : key.split(';');
    [...def.dimensions].sort().forEach((d, i) => {
      const t = seen.get(d) ?? { total: false, parts: false };
      if ((codes[i] ?? '_T') === '_T') t.total = true;
      else t.parts = true;
      seen.set(d, t);
    });
  }
  const skip = `coalesce(${actionSql(staged, action)} = 'D', false)`;
  const checks = [...seen.keys()]
    .sort()
    .filter((d) => seen.get(d)?.total && seen.get(d)?.parts)
    .flatMap((d) => additivity(catalog, staged, d, skip) ?? []);
  if (checks.length === 0) return { warnings: [], warningCount: 0 };
  await loadPartitions(session, catalog);
  const rows: { line: number | null; col: string; message: string; total: number }[] = [];
  let warningCount = 0;
  for (const check of checks) {
    const found = await session.query<{ line: number | null; col: string; message: string; total: number }>(check);
    rows.push(...found);
    warningCount += found[0]?.total ?? 0;
  }
  rows.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || a.col.localeCompare(b.col));
  return {
    warnings: rows
      .slice(0, PROBLEM_LIMIT)
      .map((r): Problem => ({ severity: 'warning', line: r.line ?? 0, column: r.col, message: r.message })),
    warningCount,
  };
}
