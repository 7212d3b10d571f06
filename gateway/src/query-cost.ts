import { type Catalog, codelistOf, type Frequency, loadCatalog, parsePeriod, periodRange } from '@migfed/schema';
import { type DocumentNode, type GraphQLField, type GraphQLSchema, parse } from 'graphql';
// The CommonJS build on purpose: the schema comes from @apollo/gateway, which is CommonJS and so
// uses graphql's CommonJS copy; the ESM build's `instanceof` checks would refuse its types
// ("Cannot use GraphQLInterfaceType from another module or realm"). For the same reason this file
// tests types by their printed form, not with graphql's isListType & co.
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity/cjs';
import { matrixQuery, matrixVariables, pairInGraph } from '../reports/app/bilateral-matrix.js';
import { mirrorPairDefs } from './bilateral/pairs.js';

export const DEFAULT_LIST_MULTIPLIER = 20;
const FIELD_MULTIPLIERS: Record<string, number> = { territories: 250, dimensions: 4 };
/**
 * How many years an open period range (no `from`) counts for. The estimate must be finite before
 * anything is fetched; a member's own row limit bounds a longer series that is really there.
 */
export const OPEN_RANGE_YEARS = 10;
/** Versions of one cell that `history` is assumed to return (a cell is rarely revised more often). */
const VERSIONS_PER_CELL = 5;

/** Args of `observations` / `history` as graphql-query-complexity hands them over (variables applied). */
interface CellArgs {
  indicator?: unknown;
  from?: unknown;
  to?: unknown;
  period?: unknown;
  filter?: unknown;
}

const PERIODS_PER_YEAR: Record<Frequency, number> = { A: 1, Q: 4, M: 12 };

/** The position of a period string in its frequency's sequence (2023-03 → 2023 × 12 + 2). */
function periodIndex(frequency: Frequency, period: string): number {
  const year = Number(period.slice(0, 4));
  if (frequency === 'A') return year;
  if (frequency === 'Q') return year * 4 + Number(period.slice(6)) - 1;
  return year * 12 + Number(period.slice(5, 7)) - 1;
}

/**
 * Periods of `frequency` between `from` and `to` as the member reads them (days to periods, see
 * periodRange). An open `to` ends this year; an open `from` starts OPEN_RANGE_YEARS before `to`.
 * Undefined when a bound is not a period: the member refuses the query without reading anything.
 */
export function periodsAsked(frequency: Frequency, from: unknown, to: unknown, now = new Date()): number | undefined {
  const parse = (v: unknown) => (typeof v === 'string' && v !== '' ? parsePeriod(v) : null);
  const start = parse(from);
  const end = parse(to);
  if (start === undefined || end === undefined) return undefined;
  const thisYear = now.getUTCFullYear();
  const range = periodRange(frequency, start?.start, end?.end ?? `${thisYear}-12-31`);
  const last = periodIndex(frequency, range.to!);
  const first = range.from ? periodIndex(frequency, range.from) : last - OPEN_RANGE_YEARS * PERIODS_PER_YEAR[frequency] + 1;
  return Math.max(0, last - first + 1);
}

/**
 * Series an `observations` or `history` filter can name: per dimension of the indicator, the
 * distinct codes asked that its codelist holds (1, the total, when the dimension is not named).
 * Unknown codes add nothing; an unknown indicator or a dimension it does not have gives 0 (the
 * member refuses the query). `allHeld` counts the whole codelist. The last entry for a dimension wins,
 * as on the member.
 */
export function seriesAsked(catalog: Catalog, indicatorCode: unknown, filter: unknown): number {
  const indicator = typeof indicatorCode === 'string' ? catalog.indicator(indicatorCode) : undefined;
  if (!indicator) return 0;
  const counts = new Map<string, number>(indicator.dimensions.map((d) => [d, 1]));
  for (const entry of Array.isArray(filter) ? filter : []) {
    const { dimension, codes, allHeld } = (entry ?? {}) as { dimension?: unknown; codes?: unknown; allHeld?: unknown };
    if (typeof dimension !== 'string' || !counts.has(dimension)) return 0;
    const known = new Set(codelistOf(catalog, dimension)?.codes.map((c) => c.id));
    if (allHeld === true) {
      // "Every code the member holds" (an empty SDMX key position): at most every code of the
      // codelist. Members hold far fewer; their row limit bounds what they really read.
      counts.set(dimension, known.size);
      continue;
    }
    const asked = new Set((Array.isArray(codes) ? codes : []).filter((c): c is string => typeof c === 'string' && known.has(c)));
    counts.set(dimension, asked.size);
  }
  return [...counts.values()].reduce((a, b) => a * b, 1);
}

/** Rows one member can return for `observations(indicator, from, to, filter)`: series × periods. */
export function observationRows(catalog: Catalog, args: CellArgs, now = new Date()): number {
  const indicator = typeof args.indicator === 'string' ? catalog.indicator(args.indicator) : undefined;
  if (!indicator) return 0;
  const periods = periodsAsked(indicator.frequency, args.from, args.to, now);
  return periods === undefined ? 0 : seriesAsked(catalog, args.indicator, args.filter) * periods;
}

function listMultiplier(field: string, args: Record<string, unknown>, memberCount: number, catalog: Catalog): number {
  for (const name of ['limit', 'first', 'last']) {
    if (typeof args[name] === 'number') return Math.max(0, args[name]);
  }
  if (Array.isArray(args.iso3)) return new Set(args.iso3).size;
  if (field === 'countries') return memberCount;
  // A breakdown sends the same figures as observations, as one entry per code with lists inside:
  // counted as its figures here, its lists as one (see costEstimator).
  if ((field === 'observations' || field === 'breakdown') && 'indicator' in args) return observationRows(catalog, args);
  if (field === 'history' && 'indicator' in args) {
    // One period, or a range like observations' (the SDMX API's includeHistory asks for a range).
    const range =
      args.period === undefined || args.period === null ? { from: args.from, to: args.to } : { from: args.period, to: args.period };
    const cells = observationRows(catalog, { ...args, ...range });
    return cells * VERSIONS_PER_CELL;
  }
  return FIELD_MULTIPLIERS[field] ?? DEFAULT_LIST_MULTIPLIER;
}

/** `[Observation!]` and `[Country!]!` are lists; `Country` is not. */
const returnsList = (field: GraphQLField<unknown, unknown>) => String(field.type).startsWith('[');

/** The ISO3 of every member type in the API schema (the implementations of `Country`). */
function memberTypes(schema: GraphQLSchema): string[] {
  const country = schema.getType('Country');
  const isInterface = Object.prototype.toString.call(country) === '[object GraphQLInterfaceType]';
  return isInterface ? schema.getPossibleTypes(country as never).map((t) => t.name) : [];
}

const innerQueries = new Map<string, DocumentNode>();

/**
 * What `bilateralMatrix(pair, period, members)` asks the members: the cost of the one federated
 * query it runs (bilateral-matrix.ts's matrixQuery, every member listed once, both sides of the
 * pair for the period), estimated like any public query. 0 for an unknown pair or a period that is
 * not one: the field refuses those before asking anyone.
 */
function bilateralMatrixCost(schema: GraphQLSchema, args: Record<string, unknown>, memberCount: number, catalog: Catalog): number {
  const known = typeof args.pair === 'string' ? mirrorPairDefs(catalog).get(args.pair) : undefined;
  if (!known || typeof args.period !== 'string') return 0;
  // As the field asks it: without the third opinion where the graph lacks its provider's field.
  const country = schema.getType('Country');
  const pair = pairInGraph(known, country && 'getFields' in country ? { fields: Object.values(country.getFields()) } : null);
  const members = Array.isArray(args.members) ? [...new Set(args.members)] : memberTypes(schema);
  let variables: Record<string, unknown>;
  try {
    variables = matrixVariables(pair, args.period, members as string[]);
  } catch {
    return 0;
  }
  const key = `${pair.id}\n${JSON.stringify(pair)}`;
  let query = innerQueries.get(key);
  if (!query) {
    query = parse(matrixQuery(pair));
    innerQueries.set(key, query);
  }
  return getComplexity({ schema, query, variables, estimators: [costEstimator(memberCount, catalog, schema)], maxQueryNodes: 20_000 });
}

/**
 * `schema` lets fields the gateway computes from an inner query of its own (`bilateralMatrix`)
 * count what that query asks the members; without it they count as their output only.
 */
export function costEstimator(memberCount: number, catalog: Catalog = loadCatalog(), schema?: GraphQLSchema): ComplexityEstimator {
  return ({ type, field, args, childComplexity }) => {
    if (field.name.startsWith('__')) return 0;
    if (field.name === 'bilateralMatrix' && schema) return 1 + bilateralMatrixCost(schema, args, memberCount, catalog) + childComplexity;
    if (String(type) === 'BilateralMatrix' && returnsList(field)) {
      // At most every ordered pair of members (cells) or every member.
      return 1 + (field.name === 'cells' ? memberCount * Math.max(0, memberCount - 1) : memberCount) * childComplexity;
    }
    // A breakdown's lists (one entry a period) are already counted by the breakdown's figures.
    if (String(type) === 'CodeSeries') return 1 + childComplexity;
    const multiplier = returnsList(field) ? listMultiplier(field.name, args, memberCount, catalog) : 1;
    return 1 + multiplier * childComplexity;
  };
}

/** The number of member types in the API schema (every implementation of `Country`). */
export function countMembers(schema: GraphQLSchema): number {
  return memberTypes(schema).length;
}

/**
 * The static cost of an operation: about one unit per value it can return (see gateway/README.md,
 * "Cost model"). Exported for in-process callers that build operations of their own and must stay
 * within the same bound as public clients. Throws when fragments expand past 20 000 fields.
 */
export function queryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  variables: Record<string, unknown>,
  memberCount: number = countMembers(schema),
  catalog: Catalog = loadCatalog(),
): number {
  return getComplexity({
    schema,
    query: document,
    variables,
    ...(operationName ? { operationName } : {}),
    estimators: [costEstimator(memberCount, catalog, schema)],
    maxQueryNodes: 20_000,
  });
}
