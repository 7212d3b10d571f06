import type { Context } from '../context.js';

interface TerritoryRef {
  iso3: string;
}

export const Territory = {
  __resolveReference: (ref: TerritoryRef, ctx: Context) => ctx.loaders.territoryByIso3.load(ref.iso3),
  member: async (t: TerritoryRef, _: unknown, ctx: Context) => {
    const member = await ctx.loaders.memberByIso3.load(t.iso3);
    return member ? { iso3: member.iso3 } : null;
  },
};
