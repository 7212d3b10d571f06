import type { MirrorPair, MirrorSide } from '@migfed/schema';
import { UserInputError } from '@migfed/subgraph-kit';
import type { Context } from '../context.js';

// Served from the catalog the registry was started with (not from its tables): pairs are a rule
// about the catalog, like the regional-total share, and a new one needs no migration.
export const mirrorPairQueries = {
  mirrorPairs: (_: unknown, __: unknown, ctx: Context): MirrorPair[] => ctx.catalog.mirrorPairs,
  mirrorPair: (_: unknown, args: { id: string }, ctx: Context): MirrorPair | null => {
    if (args.id.trim() === '') throw new UserInputError('BAD_USER_INPUT', 'mirrorPair: id is empty', { argument: 'id' });
    return ctx.catalog.mirrorPairs.find((p) => p.id === args.id) ?? null;
  },
};

export const MirrorSideResolvers = {
  indicator: (side: MirrorSide, _: unknown, ctx: Context) => ctx.loaders.indicatorByCode.load(side.indicator),
  fixed: (side: MirrorSide) => Object.entries(side.fixed).map(([dimension, code]) => ({ dimension, code })),
};
