import { buildSubgraphSchema } from '@apollo/subgraph';
import { countrySdl } from '@migfed/schema';
import { parse, type GraphQLSchema } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { memberResolvers } from './resolvers/Member.js';
import { Release } from './resolvers/Release.js';

/** The member's subgraph schema: the contract template with its ISO3 type name, and its resolvers. */
export function createSchema(iso3: string): GraphQLSchema {
  return buildSubgraphSchema({
    typeDefs: parse(countrySdl(iso3)),
    resolvers: { ...memberResolvers(iso3), DateTime: DateTimeResolver, Release } as never,
  });
}
