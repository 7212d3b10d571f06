import type { Catalog } from '@migfed/schema';
import type { SqlSession } from '@migfed/subgraph-kit';
import type { FileLayout } from './header.js';
import { cellIdentity, periodBounds } from './sql-text.js';

/**
 * Writes the staged cells into the draft release, set-wise. Cells already in the draft are
 * replaced (a draft is work in progress); published figures are never touched here. Cells below
 * the indicator's small-count threshold are marked CONF_STATUS A, which withholds their value.
 */
export async function mergeIntoDraft(
  session: SqlSession,
  country: string,
  release: { id: number; name: string },
  layout: FileLayout,
  catalog: Catalog,
): Promise<number> {
  const { start, end } = periodBounds('s.period');
  const { dims, seriesKey } = cellIdentity(catalog.indicators, layout.dimensions);
  const cells = `select s.indicator, s.period, ${start} as period_start, ${end} as period_end, ${dims} as dims, ${seriesKey} as series_key,
           s.value_num, s.obs_status,
           case when s.conf_status = 'F' and i.threshold is not null and s.value_num > 0 and s.value_num < i.threshold
                then 'A' else s.conf_status end as conf_status
      from stg s join cat_ind i on i.code = s.indicator`;
  // A re-import into a draft replaces its cells; a new draft (the usual case) is a plain insert.
  const [existing] = await session.query<{ any: boolean }>(`select exists (select 1 from country.observations where release_id = $1) as any`, [release.id]);
  if (existing?.any) {
    await session.query(`create temp table stg_cells on commit drop as ${cells}`);
    await session.query(
      `delete from country.observations o using stg_cells c
        where o.release_id = $1 and o.indicator = c.indicator and o.period = c.period and o.series_key = c.series_key`,
      [release.id],
    );
  }
  const source = existing?.any ? 'stg_cells' : `(${cells}) c`;
  return session.execute(
    `insert into country.observations
       (country, release_id, indicator, period, period_start, period_end, dims, series_key, value, obs_status, conf_status, release)
     select $1, $2, indicator, period, period_start, period_end, dims, series_key, value_num, obs_status, conf_status, $3 from ${source}`,
    [country, release.id, release.name],
  );
}
