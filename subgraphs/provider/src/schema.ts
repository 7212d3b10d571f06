import { buildSubgraphSchema } from '@apollo/subgraph';
import { providerSdl } from '@migfed/schema';
import { parse, type GraphQLSchema } from 'graphql';
import { createResolvers } from './resolvers/index.js';

/** One provider's subgraph schema: its part of the provider contract, and its resolvers. */
export function createSchema(provider: string): GraphQLSchema {
  return buildSubgraphSchema({ typeDefs: parse(providerSdl(provider)), resolvers: createResolvers(provider) as never });
}
