import type { Context } from '../context.js';
import { memberName } from './lang.js';

interface MemberRef {
  iso3: string;
}

/** Fields every member type shares in the registry (one concrete GraphQL type per member). */
const memberFields = {
  __resolveReference: async (ref: MemberRef, ctx: Context) => {
    const member = await ctx.loaders.memberByIso3.load(ref.iso3);
    return member ? { iso3: member.iso3 } : null;
  },
  name: async (m: MemberRef, args: { lang?: 'en' | 'ru' | 'es' | null }, ctx: Context) =>
    memberName(m.iso3, (await ctx.loaders.territoryByIso3.load(m.iso3))?.name, args),
  territory: (m: MemberRef, _: unknown, ctx: Context) => ctx.loaders.territoryByIso3.load(m.iso3),
  agencies: (m: MemberRef, _: unknown, ctx: Context) => ctx.loaders.agenciesByCountry.load(m.iso3),
  focalPoints: (m: MemberRef, _: unknown, ctx: Context) => ctx.loaders.focalPointsByCountry.load(m.iso3),
};

export function countryResolvers(members: readonly string[]) {
  return {
    Country: {
      __resolveType: (m: MemberRef) => m.iso3,
      __resolveReference: memberFields.__resolveReference,
    },
    ...Object.fromEntries(members.map((iso3) => [iso3, memberFields])),
  };
}
