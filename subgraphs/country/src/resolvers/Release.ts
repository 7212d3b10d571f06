import type { Context } from '../context.js';
import { dimensionsOf } from '../db/cells.js';
import { type ChangeRow, findChanges, type ReleaseRow } from '../db/queries.js';
import { toDimensions } from './Observation.js';

/** Values whose CONF_STATUS is not F stay withheld in change lists too. */
const shown = (value: number | null, conf: string | null) => (conf === 'F' ? value : null);

function toChange(ctx: Context, c: ChangeRow) {
  return {
    indicator: c.indicator,
    period: c.period,
    dimensions: toDimensions(ctx.catalog, c.indicator, dimensionsOf(ctx.catalog, c.indicator, c.seriesKey)),
    value: shown(c.value, c.confStatus),
    status: c.obsStatus,
    previousValue: shown(c.previousValue, c.previousConf),
    previousStatus: c.previousStatus,
    previousRelease: c.previousRelease,
  };
}

export const Release = {
  cells: (r: ReleaseRow, _: unknown, ctx: Context) => ctx.loaders.cellsByRelease.load(r.id),
  changes: async (r: ReleaseRow, args: { limit?: number | null }, ctx: Context) => {
    const limit = Math.min(Math.max(args.limit ?? 100, 0), 10_000);
    return (await findChanges(ctx.db, { id: r.id, country: r.country, visibleFrom: r.visibleFrom }, limit)).map((c) => toChange(ctx, c));
  },
};
