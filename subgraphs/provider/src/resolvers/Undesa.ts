import type { Context } from '../context.js';
import { badArgument } from '../errors.js';
import { checkYear, resolveRelease, territoryOf, toProviderRelease } from './release.js';

export interface UndesaParent {
  coa: string;
}

const SEXES = ['_T', 'F', 'M'];
const ISO3 = /^[A-Z]{3}$/;

function checkSex(sex: string | null | undefined): string | null {
  if (!sex) return null;
  if (!SEXES.includes(sex)) throw badArgument('sex', `sex must be _T, F or M, got "${sex}"`);
  return sex;
}

function checkOrigins(origins: readonly string[] | null | undefined): string[] | null {
  if (origins === null || origins === undefined) return null;
  const bad = origins.filter((o) => !ISO3.test(o));
  if (bad.length > 0) throw badArgument('origins', `origins must be ISO 3166-1 alpha-3 codes, got ${bad.map((o) => `"${o}"`).join(', ')}`);
  return [...new Set(origins)].sort();
}

interface ByOriginArgs {
  year?: number | null;
  sex?: string | null;
  origins?: readonly string[] | null;
  release?: string | null;
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
    checkSex(args.sex);
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
  /** Null when the release has no origin–destination table (only the by-destination one was imported). */
  migrantStockByOrigin: async (p: UndesaParent, args: ByOriginArgs, ctx: Context) => {
    const year = args.year === null || args.year === undefined ? null : checkYear(args.year);
    const sex = checkSex(args.sex);
    const origins = checkOrigins(args.origins);
    const release = await resolveRelease(ctx, args.release);
    if (!release || !(release.rowCounts['migrant stock by origin'] ?? 0)) return null;
    const rows = await ctx.loaders.migrantStockByOrigin.load({ release: release.label, year, sex, origins, coa: p.coa });
    const shown = toProviderRelease(release);
    return rows.map((r) => ({
      origin: territoryOf(r.origin),
      originCode: r.origin,
      year: r.year,
      sex: r.sex,
      value: r.value,
      typeOfData: r.typeOfData.split(' ').filter(Boolean),
      release: shown,
    }));
  },
};
