import { buildSubgraphSchema } from '@apollo/subgraph';
import { registrySdl } from '@migfed/schema';
import { parse, type GraphQLSchema } from 'graphql';
import { createResolvers } from './resolvers/index.js';

/** The registry's subgraph schema for a region's members. */
export function createSchema(members: readonly string[]): GraphQLSchema {
  return buildSubgraphSchema({ typeDefs: parse(registrySdl(members)), resolvers: createResolvers(members) as never });
}
