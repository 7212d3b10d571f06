import type { SqlSession } from '@migfed/subgraph-kit';
import { periodBounds } from './sql-text.js';

/**
 * Writes the staged cells into the draft release, set-wise. Cells already in the draft are
 * replaced (a draft is work in progress); published figures are never touched here. Cells below
 * the indicator's small-count threshold are marked CONF_STATUS A, which withholds their value.
 */
export async function mergeIntoDraft(session: SqlSession, country: string, release: { id: number; name: string }): Promise<number> {
  const { start, end } = periodBounds('s.period');
  const [row] = await session.query<{ n: number }>(
    `with written as (insert into country.observations
       (country, release_id, indicator, period, period_start, period_end, dims, series_key, value, obs_status, conf_status, release)
     select $1, $2, s.indicator, s.period, ${start}, ${end}, s.dims, s.series_key, s.value_num, s.obs_status,
            case when s.conf_status = 'F' and i.threshold is not null and s.value_num > 0 and s.value_num < i.threshold
                 then 'A' else s.conf_status end,
            $3
       from stg s join cat_ind i on i.code = s.indicator
     on conflict (release_id, indicator, period, series_key) do update
       set value = excluded.value, obs_status = excluded.obs_status, conf_status = excluded.conf_status, created_at = now()
     returning 1)
     select count(*)::int as n from written`,
    [country, release.id, release.name],
  );
  return row?.n ?? 0;
}
