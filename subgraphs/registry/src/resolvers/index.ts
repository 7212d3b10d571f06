import type { Context } from '../context.js';
import { getRegion } from '../db/queries.js';
import { countryResolvers } from './Country.js';
import { Code, Codelist, Dimension, Indicator } from './Indicator.js';
import { Query } from './Query.js';
import { Territory } from './Territory.js';

export function createResolvers(members: readonly string[]) {
  return {
    Query,
    ...countryResolvers(members),
    Territory,
    Indicator,
    Dimension,
    Codelist,
    Code,
    Region: {
      members: async (_r: unknown, _: unknown, ctx: Context) => Query.countries(undefined, {}, ctx),
    },
  };
}

export { getRegion };
