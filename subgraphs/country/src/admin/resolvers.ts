import { Readable } from 'node:stream';
import type { Catalog } from '@migfed/schema';
import { type Db, type DbHandle, serviceLogger } from '@migfed/subgraph-kit';
import { GraphQLError } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { dimensionsOf } from '../db/cells.js';
import { countCells, findChanges } from '../db/queries.js';
import type { Actor } from '../publishing/audit.js';
import { audit } from '../publishing/audit.js';
import { importFile } from '../publishing/import.js';
import { cancelRelease, publishRelease, rescheduleRelease } from '../publishing/releases.js';
import { withdrawnCells } from '../publishing/withdrawals.js';
import { type AdminReleaseRow, listReleases, recentAudit, releaseByName, releaseObservations } from './queries.js';
import { oneCellCsv } from './one-cell.js';

/** Told after a release is committed as published (e.g. so a gateway drops cached reports). */
export type OnPublished = (event: { country: string; release: string; visibleFrom: Date }) => void | Promise<void>;

export interface AdminContext {
  handle: DbHandle;
  onPublished?: OnPublished;
  db: Db;
  country: string;
  catalog: Catalog;
  actor: Actor;
}

const clamp = (n: number | null | undefined, fallback: number, max: number) => Math.min(Math.max(n ?? fallback, 0), max);
const dims = (catalog: Catalog, indicator: string, key: string) =>
  Object.entries(dimensionsOf(catalog, indicator, key)).map(([dimension, code]) => ({ dimension, code }));
/** A published release whose embargo has not ended is SCHEDULED. */
const statusOf = (r: AdminReleaseRow) =>
  r.status === 'draft' ? 'DRAFT' : r.visibleFrom && new Date(r.visibleFrom).getTime() > Date.now() ? 'SCHEDULED' : 'PUBLISHED';

const withdrawnOf = (ctx: AdminContext, r: AdminReleaseRow, limit: number) =>
  ctx.handle.transaction((session) =>
    withdrawnCells(session, ctx.country, { id: r.id, visibleFrom: r.status === 'published' ? r.visibleFrom : null }, limit),
  );

/** Runs a change of a scheduled release in one transaction with its audit entry; refusals become `error`. */
async function changeSchedule(
  ctx: AdminContext,
  name: string,
  action: string,
  change: (session: Parameters<Parameters<DbHandle['transaction']>[0]>[0]) => Promise<{ visibleFrom?: Date; wasVisibleFrom: Date }>,
) {
  try {
    const result = await ctx.handle.transaction(async (session) => {
      const changed = await change(session);
      await audit(session, {
        country: ctx.country,
        actor: ctx.actor,
        action,
        release: name,
        cells: 0,
        detail: { wasVisibleFrom: changed.wasVisibleFrom.toISOString(), visibleFrom: changed.visibleFrom?.toISOString() ?? null },
      });
      return changed;
    });
    // Caches that hold the next release's time learn of the change like of a publication.
    await Promise.resolve(
      ctx.onPublished?.({ country: ctx.country, release: name, visibleFrom: result.visibleFrom ?? result.wasVisibleFrom }),
    ).catch((err: unknown) => serviceLogger(`country_${ctx.country.toLowerCase()}`).warn({ err }, `${action} notification failed`));
    return { ok: true, error: null, cells: null, revised: null, release: await releaseByName(ctx.db, ctx.country, name) };
  } catch (err) {
    if (err instanceof GraphQLError) return { ok: false, error: err.message, release: null };
    throw err;
  }
}

export const adminResolvers = {
  DateTime: DateTimeResolver,
  Query: {
    releases: async (_: unknown, args: { status?: 'DRAFT' | 'SCHEDULED' | 'PUBLISHED' | null }, ctx: AdminContext) =>
      (await listReleases(ctx.db, ctx.country)).filter((r) => !args.status || statusOf(r) === args.status),
    release: (_: unknown, args: { name: string }, ctx: AdminContext) => releaseByName(ctx.db, ctx.country, args.name),
    auditLog: (_: unknown, args: { limit?: number | null }, ctx: AdminContext) =>
      recentAudit(ctx.db, ctx.country, clamp(args.limit, 50, 1000)),
  },
  AdminRelease: {
    status: statusOf,
    withdrawn: async (r: AdminReleaseRow, args: { limit?: number | null }, ctx: AdminContext) =>
      (await withdrawnOf(ctx, r, clamp(args.limit, 100, 10_000))).cells.map((c) => ({
        ...c,
        dimensions: dims(ctx.catalog, c.indicator, c.seriesKey),
        status: c.obsStatus,
      })),
    withdrawnCount: async (r: AdminReleaseRow, _: unknown, ctx: AdminContext) => (await withdrawnOf(ctx, r, 1)).total,
    cells: async (r: AdminReleaseRow, _: unknown, ctx: AdminContext) => (await countCells(ctx.db, [r.id])).get(r.id) ?? 0,
    observations: async (
      r: AdminReleaseRow,
      args: { indicator?: string | null; limit?: number | null; offset?: number | null },
      ctx: AdminContext,
    ) =>
      (
        await releaseObservations(
          ctx.db,
          r.id,
          args.indicator ?? null,
          clamp(args.limit, 100, 10_000),
          clamp(args.offset, 0, Number.MAX_SAFE_INTEGER),
        )
      ).map((o) => ({
        ...o,
        dimensions: dims(ctx.catalog, o.indicator, o.seriesKey),
        status: o.obsStatus,
        confidentiality: o.confStatus,
      })),
    changes: async (r: AdminReleaseRow, args: { limit?: number | null }, ctx: AdminContext) =>
      (
        await findChanges(
          ctx.db,
          { id: r.id, country: r.country, visibleFrom: r.status === 'published' ? r.visibleFrom : null },
          clamp(args.limit, 100, 10_000),
        )
      ).map((c) => ({
        ...c,
        dimensions: dims(ctx.catalog, c.indicator, c.seriesKey),
        status: c.obsStatus,
        confidentiality: c.confStatus,
        previousConfidentiality: c.previousConf,
      })),
  },
  Mutation: {
    publishRelease: async (_: unknown, args: { name: string; at?: Date | null }, ctx: AdminContext) => {
      try {
        const published = await ctx.handle.transaction(async (session) => {
          const result = await publishRelease(session, ctx.country, args.name, args.at ?? undefined, ctx.catalog);
          await audit(session, {
            country: ctx.country,
            actor: ctx.actor,
            action: 'publish',
            release: args.name,
            cells: result.cells,
            detail: { visibleFrom: result.visibleFrom.toISOString(), revised: result.revised, withheld: result.withheld },
          });
          return result;
        });
        await Promise.resolve(ctx.onPublished?.({ country: ctx.country, release: args.name, visibleFrom: published.visibleFrom })).catch(
          (err: unknown) =>
            serviceLogger(`country_${ctx.country.toLowerCase()}`).warn({ err }, 'publish notification failed (the release is published)'),
        );
        return {
          ok: true,
          error: null,
          cells: published.cells,
          revised: published.revised,
          release: await releaseByName(ctx.db, ctx.country, args.name),
        };
      } catch (err) {
        if (err instanceof GraphQLError) return { ok: false, error: err.message, release: null };
        throw err;
      }
    },
    cancelRelease: (_: unknown, args: { name: string }, ctx: AdminContext) =>
      changeSchedule(ctx, args.name, 'cancel', (session) => cancelRelease(session, ctx.country, args.name)),
    rescheduleRelease: (_: unknown, args: { name: string; at: Date }, ctx: AdminContext) =>
      changeSchedule(ctx, args.name, 'reschedule', (session) => rescheduleRelease(session, ctx.country, args.name, args.at)),
    setObservation: async (_: unknown, args: Parameters<typeof oneCellCsv>[0], ctx: AdminContext) => {
      const report = await importFile(ctx.handle, ctx.catalog, Readable.from([oneCellCsv(args)]), {
        country: ctx.country,
        release: args.release,
        dryRun: false,
        // One cell changes; the rest of its table stays as published.
        defaultAction: 'merge',
        actor: ctx.actor,
        action: 'edit',
      });
      return {
        ok: report.ok,
        errors: report.errors.map((p) => ({ line: p.line, column: p.column ?? null, message: p.message })),
        release: report.ok ? await releaseByName(ctx.db, ctx.country, args.release) : null,
      };
    },
  },
};
