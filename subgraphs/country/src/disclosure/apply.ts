import type { Catalog } from '@migfed/schema';
import type { SqlSession } from '@migfed/subgraph-kit';
import { ident, lit } from '../publishing/sql-text.js';
import { protectTable } from './protect.js';
import { type Cell, shapeOf } from './table.js';

/**
 * Primary suppression set-wise in SQL, before a staged file becomes a draft's cells: a free cell
 * above 0 and under its indicator's threshold gets CONF_STATUS A. (protectDraft applies the same
 * rule again per table; this pass keeps a large import from loading tables that need nothing.)
 */
export async function markPrimary(session: SqlSession, table: string, catalog: Catalog, indicators: readonly string[]): Promise<void> {
  const thresholds = catalog.indicators.filter((i) => indicators.includes(i.code) && i.smallCountThreshold);
  if (thresholds.length === 0) return;
  await session.execute(
    `update ${table} set conf_status = 'A'
      where conf_status = 'F' and value > 0
        and value < case indicator ${thresholds.map((i) => `when ${lit(i.code)} then ${Number(i.smallCountThreshold)}`).join(' ')} end`,
  );
}

/**
 * The disclosure rule over a draft release as it will be published: every table (indicator,
 * period) of `indicators` in the draft's partition that withholds a value is checked as a whole,
 * and the cells it must withhold too are marked D. Returns how many cells it marked.
 */
export async function protectDraft(
  session: SqlSession,
  catalog: Catalog,
  partition: string,
  indicators: readonly string[],
): Promise<number> {
  const table = `country.${ident(partition)}`;
  const tables = await session.query<{ indicator: string; period: string }>(
    `select indicator, period from ${table}
      where indicator = any($1::text[]) and value is not null and conf_status <> 'F' group by indicator, period`,
    [indicators],
  );
  if (tables.length === 0) return 0;
  const rows = await session.query<{ indicator: string; period: string; series_key: string; value: number | null; conf_status: string }>(
    `select o.indicator, o.period, o.series_key, o.value::float8 as value, o.conf_status
       from ${table} o join unnest($1::text[], $2::text[]) as t(indicator, period) on t.indicator = o.indicator and t.period = o.period`,
    [tables.map((t) => t.indicator), tables.map((t) => t.period)],
  );
  const changes = { indicator: [] as string[], period: [] as string[], key: [] as string[], conf: [] as string[] };
  for (const [group, cells] of groupTables(rows)) {
    const [indicator, period] = group.split('\u001f') as [string, string];
    const def = catalog.indicator(indicator);
    if (!def) continue;
    for (const [key, conf] of protectTable(shapeOf(catalog, def), cells)) {
      changes.indicator.push(indicator);
      changes.period.push(period);
      changes.key.push(key);
      changes.conf.push(conf);
    }
  }
  if (changes.key.length === 0) return 0;
  return session.execute(
    `update ${table} o set conf_status = c.conf
       from unnest($1::text[], $2::text[], $3::text[], $4::text[]) as c(indicator, period, series_key, conf)
      where o.indicator = c.indicator and o.period = c.period and o.series_key = c.series_key and o.conf_status <> c.conf`,
    [changes.indicator, changes.period, changes.key, changes.conf],
  );
}

function groupTables(
  rows: readonly { indicator: string; period: string; series_key: string; value: number | null; conf_status: string }[],
) {
  const groups = new Map<string, Cell[]>();
  for (const r of rows) {
    const group = `${r.indicator}\u001f${r.period}`;
    const cells = groups.get(group) ?? [];
    cells.push({ key: r.series_key, value: r.value === null ? null : Number(r.value), conf: r.conf_status });
    groups.set(group, cells);
  }
  return groups;
}
