// Runs a GraphQL operation through the gateway's own Apollo Server, in-process: the same query
// limits, member timeouts, circuit breakers and partial answers as a POST to /graphql, without an
// HTTP hop.
import type { ApolloServer } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';

export interface GraphQLResult {
  // biome-ignore lint/suspicious/noExplicitAny: each caller reads the shape of its own operation
  data?: any;
  errors?: readonly GraphQLFormattedError[];
}

/**
 * `contextValue`: an empty one by default, as Apollo Server gives each HTTP request; an operation
 * run for a public request passes `contextOnBehalfOf(its context)` (cache/http.ts).
 */
export type Execute = (query: string, variables?: Record<string, unknown>, contextValue?: object) => Promise<GraphQLResult>;

export function executorOf(server: ApolloServer): Execute {
  return async (query, variables, contextValue = {}) => {
    const res = await server.executeOperation({ query, ...(variables ? { variables } : {}) }, { contextValue });
    if (res.body.kind !== 'single') throw new Error('incremental delivery is not used by the gateway');
    const { data, errors } = res.body.singleResult;
    return { data, ...(errors ? { errors } : {}) };
  };
}
