import { AREA_SPECIAL_CODES, loadCatalog } from '@migfed/schema';
import type { Context } from '../context.js';
import type { CodeRow, IndicatorRow } from '../db/queries.js';

const SPECIAL = new Set(AREA_SPECIAL_CODES.map((c) => c.id));

export const Indicator = {
  __resolveReference: (ref: { code: string }, ctx: Context) => ctx.loaders.indicatorByCode.load(ref.code),
  dimensions: (i: IndicatorRow, _: unknown, ctx: Context) => ctx.loaders.dimensionsByIndicator.load(i.code),
  // A rule of the catalog files themselves, read from them (the registry's tables hold what members publish against).
  regionalTotalMinimumShare: (i: IndicatorRow) => loadCatalog().indicator(i.code)?.regionalTotalMinimumShare ?? null,
  stock: (i: IndicatorRow) => loadCatalog().indicator(i.code)?.stock === true,
};

export const Dimension = {
  codelist: (d: { codelist: string }, _: unknown, ctx: Context) => ctx.loaders.codelistById.load(d.codelist),
};

export const Codelist = {
  codes: (c: { id: string }, _: unknown, ctx: Context) => ctx.loaders.codesByCodelist.load(c.id),
};

export const Code = {
  territory: (c: CodeRow, _: unknown, ctx: Context) =>
    c.codelist === 'AREA' && !SPECIAL.has(c.id) ? ctx.loaders.territoryByIso3.load(c.id) : null,
};
