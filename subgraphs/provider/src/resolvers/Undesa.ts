import type { Context } from '../context.js';
import { badArgument } from '../errors.js';
import { checkYear, resolveRelease, toProviderRelease } from './release.js';

export interface UndesaParent {
  coa: string;
}

export const UndesaStatistics = {
  source: async (_: UndesaParent, args: { release?: string | null }, ctx: Context) =>
    (await resolveRelease(ctx, args.release))?.source ?? null,
  latestRelease: async (_: UndesaParent, __: unknown, ctx: Context) => {
    const latest = await resolveRelease(ctx, null);
    return latest ? toProviderRelease(latest) : null;
  },
  releases: async (_: UndesaParent, __: unknown, ctx: Context) => (await ctx.loaders.releasesOf.load(ctx.provider)).map(toProviderRelease),
  migrantStock: async (p: UndesaParent, args: { year?: number | null; sex?: string | null; release?: string | null }, ctx: Context) => {
    const year = args.year === null || args.year === undefined ? null : checkYear(args.year);
    if (args.sex && !['_T', 'F', 'M'].includes(args.sex)) throw badArgument('sex', `sex must be _T, F or M, got "${args.sex}"`);
    const release = await resolveRelease(ctx, args.release);
    if (!release) return null;
    const rows = await ctx.loaders.migrantStock.load({ release: release.label, coa: p.coa });
    return rows
      .filter((r) => (year === null || r.year === year) && (!args.sex || r.sex === args.sex))
      .map((r) => ({
        year: r.year,
        sex: r.sex,
        value: r.value,
        typeOfData: r.typeOfData.split(' ').filter(Boolean),
        release: toProviderRelease(release),
      }));
  },
};
