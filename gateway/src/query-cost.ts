// The static cost of an operation, computed with graphql-query-complexity (it already
// resolves variables, fragments, @skip/@include and interface fragments, which a hand-written
// walk would have to repeat). The model, also in gateway/README.md:
//
//   cost(field) = 1 + multiplier(field) × Σ cost(selected subfields)      (a leaf costs 1)
//
//   multiplier = 1 for a field that returns one value; for a field that returns a list:
//     `limit` / `first` / `last` argument when given, else
//     the length of its `iso3` list argument when given (`countries(iso3: […])`), else
//     the number of members for `countries`, 250 for `territories` (every ISO 3166 territory),
//     4 for `dimensions`, and 20 for any other list (`observations`: about 10 years × a few breakdowns).
//
// Introspection (`__schema`, `__type`, `__typename`) costs nothing. A report of one indicator
// for 12 members with its national metadata costs about 3 500; the default bound is 50 000.
import type { DocumentNode, GraphQLField, GraphQLSchema } from 'graphql';
// The CommonJS build on purpose: the schema comes from @apollo/gateway, which is CommonJS and so
// uses graphql's CommonJS copy; the ESM build's `instanceof` checks would refuse its types
// ("Cannot use GraphQLInterfaceType from another module or realm"). For the same reason this file
// tests types by their printed form, not with graphql's isListType & co.
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity/cjs';

export const DEFAULT_LIST_MULTIPLIER = 20;
const FIELD_MULTIPLIERS: Record<string, number> = { territories: 250, dimensions: 4 };

function listMultiplier(field: string, args: Record<string, unknown>, memberCount: number): number {
  for (const name of ['limit', 'first', 'last']) {
    if (typeof args[name] === 'number') return Math.max(0, args[name]);
  }
  if (Array.isArray(args.iso3)) return args.iso3.length;
  if (field === 'countries') return memberCount;
  return FIELD_MULTIPLIERS[field] ?? DEFAULT_LIST_MULTIPLIER;
}

/** `[Observation!]` and `[Country!]!` are lists; `Country` is not. */
const returnsList = (field: GraphQLField<unknown, unknown>) => String(field.type).startsWith('[');

export function costEstimator(memberCount: number): ComplexityEstimator {
  return ({ field, args, childComplexity }) => {
    if (field.name.startsWith('__')) return 0;
    const multiplier = returnsList(field) ? listMultiplier(field.name, args, memberCount) : 1;
    return 1 + multiplier * childComplexity;
  };
}

/** The number of member types in the API schema (every implementation of `Country`). */
export function countMembers(schema: GraphQLSchema): number {
  const country = schema.getType('Country');
  const isInterface = Object.prototype.toString.call(country) === '[object GraphQLInterfaceType]';
  return isInterface ? schema.getPossibleTypes(country as never).length : 0;
}

export function queryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  variables: Record<string, unknown>,
  memberCount: number,
): number {
  return getComplexity({
    schema,
    query: document,
    variables,
    ...(operationName ? { operationName } : {}),
    estimators: [costEstimator(memberCount)],
    maxQueryNodes: 20_000,
  });
}
