import { and, eq, type SQL, sql } from 'drizzle-orm';
import { observations, releases } from './schema.js';

/**
 * The versions view's current rows (visible now, not yet revised or withdrawn) of one member's
 * cells that `cells` selects (conditions on `country.observations`' indicator, series key and
 * period only, so every version of a selected cell is selected), with the view's columns under
 * ObservationRow's names, ordered by period and series.
 *
 * Without the view: it windows every version of every cell and looks up the withdrawals once per
 * version, most of a member's time for a partner breakdown over ten years of months. Here only
 * published releases' versions of the cells asked for are windowed (the version before by lag, the
 * next one's start by lead), the current one per cell kept (visible now, the next not yet), and the
 * withdrawals looked up only for cells of an (indicator, period) that has any.
 */
export function currentVersions(country: string, cells: SQL, limit?: number): SQL {
  const o = observations;
  const r = releases;
  // A withdrawal ends a version when its release becomes visible after the version's (the view's
  // valid_to); the uncorrelated IN is hashed once, the lookup runs only where it can find one.
  const withdrawnAt = sql`case when (c.indicator, c.period) in (select w.indicator, w.period from country.withdrawals w where w.country = ${country})
    then (select min(wr.visible_from) from country.withdrawals x join country.releases wr on wr.id = x.release_id
      where x.country = c.country and x.indicator = c.indicator and x.period = c.period
        and (x.series_key is null or x.series_key = c.series_key)
        and wr.visible_from is not null and (wr.visible_from, wr.id) > (c.valid_from, c.release_id)) end`;
  // Drafts have no visible_from: the view windows them apart and shows none of them.
  const published = and(eq(o.country, country), sql`${r.visibleFrom} is not null`, cells);
  return sql`select c.country, c.release_id as "releaseId", c.indicator, c.series_key as "seriesKey", c.period, c.value,
      c.obs_status as "obsStatus", c.conf_status as "confStatus", c.release, c.valid_from as "validFrom",
      c.valid_to as "validTo", c.previous_value as "previousValue", c.previous_conf as "previousConf",
      c.previous_release as "previousRelease"
    from (
      select c.*, least(c.next_from, ${withdrawnAt}) as valid_to
      from (
        select ${o.country} as country, ${o.releaseId} as release_id, ${o.indicator} as indicator, ${o.seriesKey} as series_key,
          ${o.period} as period, ${o.value} as value, ${o.obsStatus} as obs_status, ${o.confStatus} as conf_status,
          ${r.name} as release, ${r.visibleFrom} as valid_from,
          lead(${r.visibleFrom}) over w as next_from,
          lag(${o.value}) over w as previous_value, lag(${o.confStatus}) over w as previous_conf, lag(${r.name}) over w as previous_release
        from ${o} join ${r} on ${r.id} = ${o.releaseId}
        where ${published}
        window w as (partition by ${o.indicator}, ${o.seriesKey}, ${o.period} order by ${r.visibleFrom}, ${r.id})
      ) c
      where c.valid_from <= now() and (c.next_from is null or c.next_from > now())
    ) c
    where c.valid_to is null or c.valid_to > now()
    order by c.period, c.series_key${limit === undefined ? sql`` : sql` limit ${limit}`}`;
}
