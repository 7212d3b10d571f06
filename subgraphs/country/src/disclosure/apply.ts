import type { Catalog } from '@migfed/schema';
import type { SqlSession } from '@migfed/subgraph-kit';
import { CELL_COLUMNS, releasePartition } from '../db/partitions.js';
import { ident, lit } from '../publishing/sql-text.js';
import type { WithdrawnCell } from '../publishing/withdrawals.js';
import { protectTable } from './protect.js';
import { type PublishedCell, tablesAsPublished } from './published.js';
import { shapeOf } from './table.js';

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
 * A cell of an earlier release a draft carries, withheld, so that the merged table stays safe: the
 * same fields as a withdrawn cell; `confStatus` is the CONF_STATUS the draft publishes it with (D,
 * or A under a threshold it is now below) and `release` the release that published it in clear.
 */
export type CarriedCell = WithdrawnCell;

/**
 * The disclosure rule over a draft release as it will be published: every table (indicator,
 * period) of `indicators` the draft touches is checked as a whole as readers will see it once the
 * draft is visible (see tablesAsPublished: for a table the draft merges into, the earlier
 * releases' cells as well). A draft cell the rule withholds gets its new CONF_STATUS; an earlier
 * release's cell it withholds is carried into the draft as a new version with the same value and
 * the new CONF_STATUS, so publishing the draft makes the merged table safe while the earlier
 * release stays as it was published. Returns the cells marked and the cells carried.
 *
 * The reader the rule guards against knows the table as published, and may also read the history
 * (observations asOf an earlier date) and assume a value unchanged. Withholding a cell whose value
 * an earlier release published in clear hides nothing from that reader, so the rule withholds a
 * cell with a new value (often the new total) where one can do it, and carries an earlier cell only
 * when none can: then the table as published is safe, but a reader who assumes the carried cell
 * unchanged since its earlier release is not held off (the review lists such cells as carried).
 */
export async function protectDraft(
  session: SqlSession,
  catalog: Catalog,
  country: string,
  releaseId: number,
  indicators: readonly string[],
  options: { mergedOnly?: boolean } = {},
): Promise<{ marked: number; carried: CarriedCell[] }> {
  const rows = await tablesAsPublished(session, catalog, country, releaseId, indicators, options.mergedOnly);
  const own = { indicator: [] as string[], period: [] as string[], key: [] as string[], conf: [] as string[] };
  const carried: CarriedCell[] = [];
  for (const cells of groupTables(rows).values()) {
    const { indicator, period } = cells[0]!;
    const def = catalog.indicator(indicator);
    if (!def) continue;
    const byKey = new Map(cells.map((c) => [c.series_key, c]));
    const marks = protectTable(
      shapeOf(catalog, def),
      cells.map((c) => ({ key: c.series_key, value: c.value === null ? null : Number(c.value), conf: c.conf_status, known: c.known })),
    );
    for (const [key, conf] of marks) {
      const cell = byKey.get(key)!;
      if (cell.release === null) {
        own.indicator.push(indicator);
        own.period.push(period);
        own.key.push(key);
        own.conf.push(conf);
      } else {
        carried.push({
          indicator,
          period,
          seriesKey: key,
          value: cell.value === null ? null : Number(cell.value),
          obsStatus: cell.obs_status,
          confStatus: conf,
          release: cell.release,
        });
      }
    }
  }
  const table = `country.${ident(releasePartition(releaseId))}`;
  const marked =
    own.key.length === 0
      ? 0
      : await session.execute(
          `update ${table} o set conf_status = c.conf
             from unnest($1::text[], $2::text[], $3::text[], $4::text[]) as c(indicator, period, series_key, conf)
            where o.indicator = c.indicator and o.period = c.period and o.series_key = c.series_key and o.conf_status <> c.conf`,
          [own.indicator, own.period, own.key, own.conf],
        );
  if (carried.length > 0) {
    await session.execute(
      `insert into ${table} (${CELL_COLUMNS})
         select $1, $2, c.indicator, c.series_key, c.period, c.value, c.obs_status, c.conf
           from unnest($3::text[], $4::text[], $5::text[], $6::float8[], $7::text[], $8::text[]) as c(indicator, period, series_key, value, obs_status, conf)`,
      [
        country,
        releaseId,
        carried.map((c) => c.indicator),
        carried.map((c) => c.period),
        carried.map((c) => c.seriesKey),
        carried.map((c) => c.value),
        carried.map((c) => c.obsStatus),
        carried.map((c) => c.confStatus),
      ],
    );
  }
  carried.sort(
    (a, b) => a.indicator.localeCompare(b.indicator) || a.period.localeCompare(b.period) || a.seriesKey.localeCompare(b.seriesKey),
  );
  return { marked: marked + carried.length, carried };
}

/** The cells of each table (indicator, period), in the order the rows came. */
function groupTables(rows: readonly PublishedCell[]) {
  const groups = new Map<string, PublishedCell[]>();
  for (const r of rows) {
    const group = `${r.indicator}\u001f${r.period}`;
    const cells = groups.get(group) ?? [];
    cells.push(r);
    groups.set(group, cells);
  }
  return groups;
}
