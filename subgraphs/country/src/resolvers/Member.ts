import type { Context } from '../context.js';
import type { ObservationRow } from '../db/cells.js';
import { type DocumentRow, findHistory, findNextRelease, type MetadataRow } from '../db/queries.js';
import { type ObservationArgs, toObservationQuery } from '../observation-query.js';
import { nextLimit, spend } from '../row-budget.js';
import { breakdownIndex, toBreakdown } from '../breakdown.js';
import { summedFrequency, sumRows } from '../summed.js';
import { toObservation, toVersion } from './Observation.js';

interface MemberRef {
  iso3: string;
}

function toMetadata(row: MetadataRow) {
  return { ...row, indicator: row.indicator };
}

function toDocument(row: DocumentRow) {
  return { ...row, adopted: row.adopted ?? null };
}

/** Resolvers of this member's type (named by its ISO3 code) and of the local Country interface. */
export function memberResolvers(iso3: string) {
  return {
    Country: { __resolveType: () => iso3 },
    [iso3]: {
      // Representations for other members never reach this subgraph; refuse them plainly if they do.
      __resolveReference: (ref: MemberRef) => (ref.iso3 === iso3 ? { iso3 } : null),
      observations: async (_: MemberRef, args: ObservationArgs, ctx: Context) => {
        const query = toObservationQuery(ctx.catalog, ctx.country, args);
        const summed = summedFrequency(ctx.catalog, query.indicator, args.frequency);
        const rows: ObservationRow[] = await ctx.loaders.observationsByQuery.load(query);
        if (summed) return sumRows(ctx.catalog, rows, summed);
        const series = new Map();
        return rows.map((r) => toObservation(ctx.catalog, r, series));
      },
      breakdown: async (_: MemberRef, args: ObservationArgs & { by: string }, ctx: Context) => {
        const query = toObservationQuery(ctx.catalog, ctx.country, args);
        const byIndex = breakdownIndex(ctx.catalog, query, args.by);
        const summed = summedFrequency(ctx.catalog, query.indicator, args.frequency);
        return toBreakdown(await ctx.loaders.figuresByQuery.load(query), byIndex, summed);
      },
      metadata: async (_: MemberRef, args: { indicator: string }, ctx: Context) => {
        const row = await ctx.loaders.metadataByIndicator.load(args.indicator);
        return row ? toMetadata(row) : null;
      },
      documents: async (_: MemberRef, args: { kind?: string | null; language?: string | null }, ctx: Context) => {
        const rows = await ctx.loaders.documentsByCountry.load(ctx.country);
        return rows
          .filter((d) => (args.kind ? d.kind === args.kind : true) && (args.language ? d.language === args.language : true))
          .map(toDocument);
      },
      history: async (_: MemberRef, args: ObservationArgs & { period?: string | null }, ctx: Context) => {
        // One period, or a range given like `observations`' (`from`/`to`), e.g. for SDMX includeHistory.
        const range = args.period ? { from: args.period, to: args.period } : {};
        const query = toObservationQuery(ctx.catalog, ctx.country, { ...args, ...range });
        const rows = spend(ctx.loaders.rows, await findHistory(ctx.db, query, nextLimit(ctx.loaders.rows)));
        return rows.map((r) => toVersion(ctx.catalog, r));
      },
      releases: (_: MemberRef, __: unknown, ctx: Context) => ctx.loaders.releasesByCountry.load(ctx.country),
      nextRelease: (_: MemberRef, __: unknown, ctx: Context) => findNextRelease(ctx.db, ctx.country),
      coverage: async (_: MemberRef, __: unknown, ctx: Context) =>
        (await ctx.loaders.coverageByCountry.load(ctx.country)).map((c) => ({
          ...c,
          lastPublishedAt: c.lastPublishedAt ? new Date(c.lastPublishedAt).toISOString() : null,
        })),
    },
  };
}
