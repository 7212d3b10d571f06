import { UserInputError } from '@migfed/subgraph-kit';
import type { Context } from '../context.js';
import { getRegion, listCodelists, listIndicators, listMembers, listTerritories } from '../db/queries.js';

const ref = (iso3: string) => ({ iso3 });

export const Query = {
  countries: async (_: unknown, args: { iso3?: readonly string[] | null }, ctx: Context) => {
    const all = await listMembers(ctx.db);
    if (!args.iso3) return all.map((m) => ref(m.iso3));
    const wanted = new Set(args.iso3.map((c) => c.toUpperCase()));
    const known = new Set(all.map((m) => m.iso3));
    const strangers = [...wanted].filter((c) => !known.has(c));
    if (strangers.length > 0) {
      throw new UserInputError('NOT_FOUND', `Not members of this region: ${strangers.join(', ')}; members are ${[...known].join(', ')}`, {
        argument: 'iso3',
      });
    }
    return all.filter((m) => wanted.has(m.iso3)).map((m) => ref(m.iso3));
  },
  country: async (_: unknown, args: { iso3: string }, ctx: Context) => {
    const member = await ctx.loaders.memberByIso3.load(args.iso3.toUpperCase());
    return member ? ref(member.iso3) : null;
  },
  territory: async (_: unknown, args: { iso3: string }, ctx: Context) => ctx.loaders.territoryByIso3.load(args.iso3.toUpperCase()),
  territories: (_: unknown, __: unknown, ctx: Context) => listTerritories(ctx.db),
  region: async (_: unknown, __: unknown, ctx: Context) => {
    const region = await getRegion(ctx.db);
    if (!region) throw new Error('registry is not seeded: no region');
    return region;
  },
  indicators: (_: unknown, __: unknown, ctx: Context) => listIndicators(ctx.db),
  indicator: (_: unknown, args: { code: string }, ctx: Context) => ctx.loaders.indicatorByCode.load(args.code),
  codelist: (_: unknown, args: { id: string }, ctx: Context) => ctx.loaders.codelistById.load(args.id),
  codelists: (_: unknown, __: unknown, ctx: Context) => listCodelists(ctx.db),
};
