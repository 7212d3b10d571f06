import { loadCatalog } from '@migfed/schema';
import type { Context } from '../context.js';
import type { DemographicSums } from '../db/queries/unhcr.js';
import { originOf } from '../origin.js';
import { checkOrigin, checkYear, originFields, resolveRelease, toProviderRelease } from './release.js';

/** What `Country.unhcr` resolves to: the member as country of asylum. */
export interface UnhcrParent {
  coa: string;
}

interface FigureArgs {
  year: number;
  origin?: string | null;
  release?: string | null;
}

/** The release and the batched query a figure field answers from; null when nothing is imported. */
async function figureQuery(ctx: Context, args: FigureArgs) {
  const release = await resolveRelease(ctx, args.release);
  if (!release) return null;
  return { release, query: { release: release.label, year: checkYear(args.year), origin: checkOrigin(args.origin) } };
}

/** The totals' origin: `_T` over every origin, else the origin asked as an AREA code (`UNK` → `_U`). */
function totalOrigin(origin: string | null) {
  if (origin === null) return { origin: null, originCode: '_T', originName: null };
  const catalog = loadCatalog();
  const code = origin.startsWith('_') ? origin : originOf(origin, '', (iso3) => catalog.territory(iso3) !== undefined).code;
  return originFields({ origin: code });
}

const AGE = [
  ['04', 'Y0T4'],
  ['511', 'Y5T11'],
  ['1217', 'Y12T17'],
  ['1859', 'Y18T59'],
  ['60', 'Y_GE60'],
  ['Other', '_U'],
  ['Total', '_T'],
] as const;

/** SDMX cells from UNHCR's sex × age columns; persons of unknown sex are `_U`, the grand total `_T`/`_T`. */
function cellsOf(s: DemographicSums) {
  const cells = (['f', 'm'] as const).flatMap((sex) =>
    AGE.map(([suffix, age]) => ({ sex: sex.toUpperCase(), age, value: s[`${sex}${suffix}` as keyof DemographicSums] as number })),
  );
  const unknownSex = s.total - s.fTotal - s.mTotal;
  if (unknownSex > 0) cells.push({ sex: '_U', age: '_T', value: unknownSex });
  cells.push({ sex: '_T', age: '_T', value: s.total });
  return cells;
}

export const UnhcrStatistics = {
  source: async (_: UnhcrParent, args: { release?: string | null }, ctx: Context) =>
    (await resolveRelease(ctx, args.release))?.source ?? null,
  latestRelease: async (_: UnhcrParent, __: unknown, ctx: Context) => {
    const latest = await resolveRelease(ctx, null);
    return latest ? toProviderRelease(latest) : null;
  },
  releases: async (_: UnhcrParent, __: unknown, ctx: Context) => (await ctx.loaders.releasesOf.load(ctx.provider)).map(toProviderRelease),

  asylumApplications: async (p: UnhcrParent, args: FigureArgs, ctx: Context) => {
    const f = await figureQuery(ctx, args);
    if (!f) return null;
    const [row] = await ctx.loaders.applicationTotals.load({ ...f.query, coa: p.coa });
    return row?.applied ?? null;
  },
  asylumApplicationsByOrigin: async (p: UnhcrParent, args: FigureArgs, ctx: Context) => {
    const f = await figureQuery(ctx, { ...args, origin: null });
    if (!f) return null;
    const rows = await ctx.loaders.applicationsByOrigin.load({ ...f.query, coa: p.coa });
    return rows.map((r) => ({
      ...originFields(r),
      applied: r.applied,
      persons: r.persons,
      cases: r.cases,
      release: toProviderRelease(f.release),
    }));
  },
  asylumDecisions: async (p: UnhcrParent, args: FigureArgs, ctx: Context) => {
    const f = await figureQuery(ctx, args);
    if (!f) return null;
    const [row] = await ctx.loaders.decisionTotals.load({ ...f.query, coa: p.coa });
    return row ? { ...row, ...totalOrigin(f.query.origin), release: toProviderRelease(f.release) } : null;
  },
  asylumDecisionsByOrigin: async (p: UnhcrParent, args: FigureArgs, ctx: Context) => {
    const f = await figureQuery(ctx, { ...args, origin: null });
    if (!f) return null;
    const rows = await ctx.loaders.decisionsByOrigin.load({ ...f.query, coa: p.coa });
    return rows.map((r) => ({ ...r, ...originFields(r), release: toProviderRelease(f.release) }));
  },
  population: async (p: UnhcrParent, args: FigureArgs, ctx: Context) => {
    const f = await figureQuery(ctx, args);
    if (!f) return null;
    const [row] = await ctx.loaders.populationTotals.load({ ...f.query, coa: p.coa });
    return row ? { ...row, ...totalOrigin(f.query.origin), release: toProviderRelease(f.release) } : null;
  },
  populationByOrigin: async (p: UnhcrParent, args: FigureArgs, ctx: Context) => {
    const f = await figureQuery(ctx, { ...args, origin: null });
    if (!f) return null;
    const rows = await ctx.loaders.populationByOrigin.load({ ...f.query, coa: p.coa });
    return rows.map((r) => ({ ...r, ...originFields(r), release: toProviderRelease(f.release) }));
  },
  demographics: async (p: UnhcrParent, args: { year: number; populationType?: string | null; release?: string | null }, ctx: Context) => {
    const release = await resolveRelease(ctx, args.release);
    if (!release) return null;
    const rows = await ctx.loaders.demographics.load({ release: release.label, year: checkYear(args.year), coa: p.coa });
    const type = args.populationType?.trim().toUpperCase();
    return rows
      .filter((r) => !type || r.populationType === type)
      .map((r) => ({ populationType: r.populationType, total: r.total, cells: cellsOf(r), release: toProviderRelease(release) }));
  },
};
