// Bounds on what one public query may ask for: depth,
// aliases, list sizes, operation size and static cost. Each refusal is an HTTP 400 with its own
// code and a message that says what the limit is and how to stay within it.
import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler } from 'express';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { countMembers, queryCost } from './query-cost.js';
import { measureQuery, type QueryShape } from './query-shape.js';

export interface QueryLimits {
  /** Deepest field (root fields are depth 1); introspection is not counted. */
  maxDepth: number;
  maxAliases: number;
  /** Items in any list argument (e.g. `countries(iso3:)`, filter codes), and any `limit`/`first`. */
  maxListSize: number;
  /** Static cost, see query-cost.ts. */
  maxCost: number;
  /** Bytes of the operation text (`query`), checked before it is parsed. */
  maxOperationBytes: number;
  /** Lexical tokens of the operation text, counted before it is parsed. */
  maxTokens: number;
  /** Deepest field below `__schema` / `__type` (they are 1); GraphiQL's introspection query needs 15. */
  maxIntrospectionDepth: number;
  /** Bytes of one answer; a larger one is replaced by a RESPONSE_TOO_LARGE error. */
  maxResponseBytes: number;
}

/** Introspection's own budget besides its depth: what the explorer and the report builder send, no more. */
export const INTROSPECTION_BUDGET = { schemaFields: 1, typeFields: 10, nestedLists: 3 } as const;

export const DEFAULT_QUERY_LIMITS: QueryLimits = {
  maxDepth: 10,
  maxAliases: 30,
  maxListSize: 500,
  // The heaviest request the report builder sends (BORDER_CROSSINGS for all twelve DSM members,
  // open range, by CITIZENSHIP and BORDER_TYPE with every code) costs about 25.6 million.
  maxCost: 40_000_000,
  maxOperationBytes: 32_768,
  maxTokens: 5_000,
  maxIntrospectionDepth: 15,
  maxResponseBytes: 32 * 1024 * 1024,
};

export const LimitErrorCode = {
  TOO_DEEP: 'QUERY_TOO_DEEP',
  TOO_MANY_ALIASES: 'TOO_MANY_ALIASES',
  LIST_TOO_LONG: 'LIST_TOO_LONG',
  TOO_COSTLY: 'QUERY_TOO_COSTLY',
  TOO_LARGE: 'OPERATION_TOO_LARGE',
  INTROSPECTION: 'INTROSPECTION_TOO_LARGE',
} as const;

const refuse = (code: string, message: string, extensions: Record<string, unknown>) =>
  new GraphQLError(message, { extensions: { code, ...extensions, http: { status: 400 } } });

/** What is wrong with an operation's introspection, if anything (INTROSPECTION_BUDGET and the depth). */
function introspectionProblem(
  found: QueryShape['introspection'],
  maxDepth: number,
): { message: string; extensions: Record<string, unknown> } | undefined {
  const budget = INTROSPECTION_BUDGET;
  if (found.schema > budget.schemaFields)
    return {
      message: `The query asks for __schema ${found.schema} times; one request may ask for it once`,
      extensions: { limit: budget.schemaFields, found: found.schema },
    };
  if (found.type > budget.typeFields)
    return {
      message: `The query asks for __type ${found.type} times; at most ${budget.typeFields} are allowed`,
      extensions: { limit: budget.typeFields, found: found.type },
    };
  if (found.depth > maxDepth)
    return {
      message: `The introspection goes ${found.depth} levels deep; at most ${maxDepth} are allowed (the standard introspection query needs 15)`,
      extensions: { limit: maxDepth, found: found.depth },
    };
  if (found.lists > budget.nestedLists)
    return {
      message: `The introspection nests ${found.lists} lists (types, fields, args …) inside each other; at most ${budget.nestedLists} are allowed`,
      extensions: { limit: budget.nestedLists, found: found.lists },
    };
  return undefined;
}

/** Checks depth, aliases, list sizes and cost once the operation is parsed, validated and chosen. */
export function queryLimitsPlugin(limits: QueryLimits): ApolloServerPlugin {
  const members = new WeakMap<GraphQLSchema, number>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, operationName, request, schema }) {
          if (!operation) return; // Apollo has already refused the request
          const variables = request.variables ?? {};
          const shape = measureQuery(document, operation, variables);
          const introspection = introspectionProblem(shape.introspection, limits.maxIntrospectionDepth);
          if (introspection) throw refuse(LimitErrorCode.INTROSPECTION, introspection.message, introspection.extensions);
          if (shape.tooLarge)
            throw refuse(
              LimitErrorCode.TOO_COSTLY,
              'The query expands to too many fields (fragments spread inside fragments); write it out plainly',
              { limit: limits.maxCost },
            );
          if (shape.depth > limits.maxDepth) {
            throw refuse(
              LimitErrorCode.TOO_DEEP,
              `The query is ${shape.depth} levels deep; at most ${limits.maxDepth} are allowed. Ask for nested data in a second query`,
              { limit: limits.maxDepth, found: shape.depth },
            );
          }
          if (shape.aliases > limits.maxAliases) {
            throw refuse(
              LimitErrorCode.TOO_MANY_ALIASES,
              `The query uses ${shape.aliases} aliases; at most ${limits.maxAliases} are allowed`,
              { limit: limits.maxAliases, found: shape.aliases },
            );
          }
          const list = shape.longestList;
          if (list && list.size > limits.maxListSize) {
            throw refuse(
              LimitErrorCode.LIST_TOO_LONG,
              `${list.argument} has ${list.size} items; at most ${limits.maxListSize} are allowed`,
              { limit: limits.maxListSize, found: list.size, argument: list.argument },
            );
          }
          if (!members.has(schema)) members.set(schema, countMembers(schema));
          let cost: number;
          try {
            cost = queryCost(schema, document, operationName ?? undefined, variables, members.get(schema)!);
          } catch (err) {
            // getComplexity coerces the variables before execution does: a value the schema refuses
            // (an unknown enum value such as lang: "fr") is the client's mistake, said as such.
            // (Its GraphQLError is graphql's CommonJS copy, hence no instanceof.)
            const message = (err as Error | undefined)?.message ?? '';
            if (message.startsWith('Variable "$')) {
              throw new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
            }
            // Otherwise only the node budget makes getComplexity throw here.
            throw refuse(LimitErrorCode.TOO_COSTLY, 'The query expands to too many fields', { limit: limits.maxCost });
          }
          if (cost > limits.maxCost) {
            throw refuse(
              LimitErrorCode.TOO_COSTLY,
              `The query would cost ${cost}, more than the ${limits.maxCost} allowed (about one unit per value returned): ask for fewer members, periods or breakdowns at a time`,
              { limit: limits.maxCost, found: cost },
            );
          }
        },
      };
    },
  };
}

/** Refuses an oversized operation text before Apollo parses it (HTTP 413). */
export function operationSizeGuard(maxBytes: number): RequestHandler {
  return (req, res, next) => {
    const body = req.body as { query?: unknown } | undefined;
    const query = typeof body?.query === 'string' ? body.query : typeof req.query.query === 'string' ? req.query.query : '';
    const bytes = Buffer.byteLength(query);
    if (bytes <= maxBytes) return next();
    res.status(413).json({
      errors: [
        {
          message: `The operation is ${bytes} bytes; at most ${maxBytes} are allowed`,
          extensions: { code: LimitErrorCode.TOO_LARGE, limit: maxBytes, found: bytes },
        },
      ],
    });
  };
}
