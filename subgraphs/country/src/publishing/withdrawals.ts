import type { SqlSession } from '@migfed/subgraph-kit';
import type { Problem } from './problems.js';
import type { Staged } from './staging.js';

/**
 * What a file does to the tables it touches, for rows without an ACTION column (or an empty one):
 * `replace` (SDMX ACTION R, the default) makes the file's cells for an indicator and period the
 * whole table, `merge` (M) adds them to what earlier releases published.
 */
export type DefaultAction = 'replace' | 'merge';

export const ACTIONS = ['I', 'A', 'R', 'M', 'D'] as const;

/**
 * Each staged row's effective action as SQL: R (its table is replaced), M (merged into) or D (the
 * named cell is withdrawn). SDMX's A (append) merges; I (information) takes the default.
 */
export function actionSql(staged: Staged, fallback: DefaultAction): string {
  const d = fallback === 'merge' ? `'M'` : `'R'`;
  if (!staged.checkColumns.includes('action')) return d;
  return `(case coalesce(action, 'I') when 'M' then 'M' when 'A' then 'M' when 'D' then 'D' when 'R' then 'R' else ${d} end)`;
}

/** Rows whose table other rows of the file replace while they merge (or the reverse): an error each. */
export async function mixedActionProblems(session: SqlSession, staged: Staged, fallback: DefaultAction): Promise<Problem[]> {
  if (!staged.checkColumns.includes('action')) return [];
  const act = actionSql(staged, fallback);
  const rows = await session.query<{ line: number; indicator: string; period: string; first: number }>(
    `with a as (select line, indicator, period, ${act} as act from ${staged.table} where indicator <> ''),
          mixed as (select indicator, period, min(line) filter (where act = 'R') as first from a group by indicator, period
                     having bool_or(act = 'R') and bool_or(act = 'M'))
     select a.line, a.indicator, a.period, m.first from a join mixed m using (indicator, period) where a.act = 'M' order by a.line limit 100`,
  );
  return rows.map((r) => ({
    severity: 'error',
    line: r.line,
    column: 'ACTION',
    message: `ACTION M merges into ${r.indicator} ${r.period}, which line ${r.first} replaces (ACTION R, or none given): a table is either replaced or merged into; use one ACTION for all its rows`,
  }));
}

/**
 * Keeps what the file withdraws before the staged table becomes the release's partition (its
 * ACTION column goes then): the tables it replaces and the cells it deletes, in a temporary table.
 */
export async function rememberActions(
  session: SqlSession,
  staged: Staged,
  fallback: DefaultAction,
  tables: readonly [string, string][],
): Promise<void> {
  if (!staged.checkColumns.includes('action')) {
    // Every row takes the default: the file's tables (known from the checks) without another scan.
    await session.query(
      `create temp table import_actions on commit drop as
         select indicator, period, null::text as series_key, 'R'::text as act from unnest($1::text[], $2::text[]) as t(indicator, period)
          where $3`,
      [tables.map(([i]) => i), tables.map(([, p]) => p), fallback === 'replace'],
    );
    return;
  }
  const act = actionSql(staged, fallback);
  await session.query(
    `create temp table import_actions on commit drop as
       select distinct indicator, period, case when act = 'D' then series_key end as series_key, act
         from (select indicator, period, series_key, ${act} as act from ${staged.table}) s where act <> 'M'`,
  );
}

/**
 * Records the withdrawals of an import in country.withdrawals (they take effect when the release
 * becomes visible) and takes the D rows out of the release's cells. Returns how many D rows there were.
 */
export async function applyActions(session: SqlSession, country: string, releaseId: number): Promise<number> {
  await session.query(
    `insert into country.withdrawals (country, release_id, indicator, period, series_key)
       select $1, $2, indicator, period, series_key from import_actions on conflict do nothing`,
    [country, releaseId],
  );
  return session.execute(
    `delete from country.observations o using import_actions a
      where o.country = $1 and o.release_id = $2 and a.act = 'D'
        and o.indicator = a.indicator and o.period = a.period and o.series_key = a.series_key`,
    [country, releaseId],
  );
}

/** A cell of an earlier release that a release withdraws. */
export interface WithdrawnCell extends Record<string, unknown> {
  indicator: string;
  period: string;
  /** The cell's codes in dimension-name order (`dimensionsOf` turns them into dimensions). */
  seriesKey: string;
  value: number | null;
  obsStatus: string;
  confStatus: string;
  /** The release that published it. */
  release: string;
}

/**
 * The cells of earlier releases a release withdraws: for a draft, cells readers see now that it
 * will withdraw when published; for a published or scheduled release, the cells whose visibility
 * it ends. Its own cells are not withdrawn (they are new versions), so they are not listed.
 */
export async function withdrawnCells(
  session: SqlSession,
  country: string,
  release: { id: number; visibleFrom: Date | string | null },
  limit: number,
): Promise<{ cells: WithdrawnCell[]; total: number }> {
  // The instant the release's withdrawals take effect, as (visible_from, id) like the versions
  // view orders releases: a draft's are measured against what readers see now.
  const at = release.visibleFrom ? new Date(release.visibleFrom).toISOString() : null;
  const order = at ? release.id : 2_147_483_647;
  const earlier = await session.query<{ id: number }>(
    `select id from country.releases where country = $1 and id <> $2 and visible_from is not null
        and (visible_from, id) < (coalesce($3::timestamptz, now()), $4::int)`,
    [country, release.id, at, order],
  );
  if (earlier.length === 0) return { cells: [], total: 0 };
  // A cell of an earlier release is withdrawn when the release marks its table (or the cell) and
  // nothing between the two gave the cell a new version or withdrew it already. Lookups go through
  // the release partitions' index (series key first), only over the earlier releases' partitions.
  const between = (alias: string) =>
    `(${alias}.visible_from, ${alias}.id) > (p.visible_from, p.id) and (${alias}.visible_from, ${alias}.id) < (coalesce($3::timestamptz, now()), $4::int)`;
  const rows = await session.query<WithdrawnCell & { total: number }>(
    `select o.indicator, o.period, o.series_key as "seriesKey", o.value, o.obs_status as "obsStatus", o.conf_status as "confStatus",
            p.name as release, (count(*) over ())::int as total
       from country.withdrawals w
       join country.observations o on o.country = $1 and o.release_id = any($5::int[]) and o.indicator = w.indicator and o.period = w.period
                                   and (w.series_key is null or o.series_key = w.series_key)
       join country.releases p on p.id = o.release_id
      where w.country = $1 and w.release_id = $2
        and not exists (select 1 from country.observations own where own.country = $1 and own.release_id = $2
                           and own.series_key = o.series_key and own.period = o.period and own.indicator = o.indicator)
        and not exists (select 1 from country.observations q join country.releases qr on qr.id = q.release_id
                         where q.country = $1 and q.release_id = any($5::int[]) and q.series_key = o.series_key and q.period = o.period
                           and q.indicator = o.indicator and ${between('qr')})
        and not exists (select 1 from country.withdrawals x join country.releases xr on xr.id = x.release_id
                         where x.country = $1 and x.indicator = o.indicator and x.period = o.period
                           and (x.series_key is null or x.series_key = o.series_key) and xr.visible_from is not null and ${between('xr')})
      order by o.indicator, o.period, o.series_key limit ${Math.trunc(limit)}`,
    [country, release.id, at, order, earlier.map((r) => r.id)],
  );
  return { cells: rows.map(({ total: _, ...cell }) => cell as WithdrawnCell), total: rows[0]?.total ?? 0 };
}
