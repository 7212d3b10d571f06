import { buildSubgraphSchema } from '@apollo/subgraph';
import { countrySdl } from '@migfed/schema';
import { parse, type GraphQLSchema } from 'graphql';
import { memberResolvers } from './resolvers/Member.js';

/** The member's subgraph schema: the contract template with its ISO3 type name, and its resolvers. */
export function createSchema(iso3: string): GraphQLSchema {
  return buildSubgraphSchema({ typeDefs: parse(countrySdl(iso3)), resolvers: memberResolvers(iso3) as never });
}
