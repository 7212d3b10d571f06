import type { Context } from '../context.js';
import { getRegion } from '../db/queries.js';
import { countryResolvers } from './Country.js';
import { Code, Codelist, Dimension, Indicator } from './Indicator.js';
import { langFields } from './lang.js';
import { mirrorPairQueries, MirrorSideResolvers } from './MirrorPair.js';
import { Query } from './Query.js';
import { Territory } from './Territory.js';

export function createResolvers(members: readonly string[]) {
  return {
    Query: { ...Query, ...mirrorPairQueries },
    MirrorSide: MirrorSideResolvers,
    ...countryResolvers(members),
    Territory: { ...Territory, ...langFields.Territory },
    Indicator: { ...Indicator, ...langFields.Indicator },
    Dimension: { ...Dimension, ...langFields.Dimension },
    Codelist: { ...Codelist, ...langFields.Codelist },
    Code: { ...Code, ...langFields.Code },
    Region: {
      ...langFields.Region,
      members: async (_r: unknown, _: unknown, ctx: Context) => Query.countries(undefined, {}, ctx),
    },
  };
}

export { getRegion };
