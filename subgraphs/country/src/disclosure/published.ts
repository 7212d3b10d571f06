import type { Catalog } from '@migfed/schema';
import type { SqlSession } from '@migfed/subgraph-kit';
import { lit } from '../publishing/sql-text.js';

/** A cell of a table as it will be published when a draft release becomes visible. */
export interface PublishedCell extends Record<string, unknown> {
  indicator: string;
  period: string;
  series_key: string;
  value: number | null;
  obs_status: string;
  conf_status: string;
  /** The earlier release the cell comes from; null for the draft's own cells. */
  release: string | null;
  /** An earlier published release has the same value for the cell in clear (see Cell.known). */
  known: boolean;
}

/**
 * The tables (indicator, period) a draft release touches, as they will be published: for a table
 * the draft replaces (ACTION R, recorded as a withdrawal of the whole table), the draft's cells;
 * for a table it merges into (ACTION M, setObservation), the cells of earlier releases readers
 * will still see (every published release, scheduled ones too: the draft cannot become visible
 * before them) that the draft neither gives a new version of nor deletes (ACTION D), and the
 * draft's cells. Only tables that withhold a value, or have a free cell under the indicator's
 * threshold, are returned: the others need nothing.
 *
 * A table the draft only deletes cells from is included. Deleting a cell takes a relation away or
 * turns an exact breakdown into an "at most the total" one, which only widens what a reader can
 * prove about a withheld cell; but a breakdown that summed to more than its total says nothing,
 * and once a cell of it is deleted it may add up and become a relation a reader can use.
 *
 * `mergedOnly`: only the tables the draft merges into (those that depend on earlier releases).
 */
export async function tablesAsPublished(
  session: SqlSession,
  catalog: Catalog,
  country: string,
  releaseId: number,
  indicators: readonly string[],
  mergedOnly = false,
): Promise<PublishedCell[]> {
  const thresholds = catalog.indicators.filter((i) => indicators.includes(i.code) && i.smallCountThreshold);
  const small =
    thresholds.length === 0
      ? 'false'
      : `value > 0 and value < case indicator ${thresholds.map((i) => `when ${lit(i.code)} then ${Number(i.smallCountThreshold)}`).join(' ')} end`;
  const needs = `bool_or(value is not null and (conf_status <> 'F' or (${small})))`;
  // One pass over the draft's cells: its tables, whether each withholds a value, and whether the
  // draft merges into it (no withdrawal of the whole table recorded for it).
  const touched = await session.query<{ indicator: string; period: string; merges: boolean; withholds: boolean }>(
    `with t as (
       select indicator, period, ${needs} as withholds from country.observations
        where country = $1 and release_id = $2 and indicator = any($3::text[]) group by indicator, period
       union all
       select indicator, period, false from country.withdrawals where country = $1 and release_id = $2 and indicator = any($3::text[]) and series_key is not null)
     select t.indicator, t.period, bool_or(t.withholds) as withholds,
            not exists (select 1 from country.withdrawals w where w.country = $1 and w.release_id = $2
              and w.indicator = t.indicator and w.period = t.period and w.series_key is null) as merges
       from t group by t.indicator, t.period`,
    [country, releaseId, indicators],
  );
  // A replaced table that withholds nothing needs nothing; a merged one depends on earlier cells too.
  const tables = touched.filter((t) => t.merges || (t.withholds && !mergedOnly));
  if (tables.length === 0) return [];
  const merged = tables.filter((t) => t.merges);
  // Earlier cells come from the versions view with the tables as constant lists, so that PostgreSQL
  // narrows its window to those tables' cells before computing it (a join would not).
  const earlier =
    merged.length === 0
      ? ''
      : `union all
         select v.indicator, v.period, v.series_key, v.value::float8, v.obs_status, v.conf_status, v.release
           from country.observation_versions v
          where v.country = $1 and v.release_id <> $2 and v.indicator = any($5::text[]) and v.period = any($6::text[])
            and (v.indicator, v.period) in (select * from unnest($5::text[], $6::text[]))
            and v.valid_from is not null and v.valid_to is null
            and not exists (select 1 from country.observations d where d.country = $1 and d.release_id = $2
                             and d.series_key = v.series_key and d.period = v.period and d.indicator = v.indicator)
            and not exists (select 1 from country.withdrawals w where w.country = $1 and w.release_id = $2
                             and w.indicator = v.indicator and w.period = v.period and w.series_key = v.series_key)`;
  return session.query<PublishedCell>(
    `with cells as (
       select o.indicator, o.period, o.series_key, o.value::float8 as value, o.obs_status, o.conf_status, null::text as release
         from country.observations o join unnest($3::text[], $4::text[]) as t(indicator, period) on t.indicator = o.indicator and t.period = o.period
        where o.country = $1 and o.release_id = $2
       ${earlier}),
     checked as (select indicator, period from cells group by indicator, period
                  having ${needs})
     select c.*, exists (
              select 1 from country.observations h join country.releases r on r.id = h.release_id
               where h.country = $1 and h.release_id <> $2 and r.visible_from is not null
                 and h.indicator = c.indicator and h.period = c.period and h.series_key = c.series_key
                 and h.conf_status = 'F' and h.value::float8 = c.value) as known
       from cells c join checked using (indicator, period)`,
    [
      country,
      releaseId,
      tables.map((t) => t.indicator),
      tables.map((t) => t.period),
      ...(merged.length === 0 ? [] : [merged.map((t) => t.indicator), merged.map((t) => t.period)]),
    ],
  );
}
