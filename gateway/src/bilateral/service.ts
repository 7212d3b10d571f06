// The `bilateral` subgraph, served by the gateway itself: `Query.bilateralMatrix` runs the ONE
// federated matrix query (gateway/reports/app/bilateral-matrix.ts, the same the report page sends)
// through the gateway's own execution, then builds the matrix with the page's buildMatrix. Going
// through the gateway, not around it, keeps every protection of a public query on the inner one:
// each member asked once, its timeout and circuit breaker, signed requests, the request id, the
// query limits; only the rate limit is not applied twice (it is the outer request's, at the edge).
import type { GraphQLDataSource } from '@apollo/gateway';
import { bilateralSdl, type Catalog, loadCatalog } from '@migfed/schema';
import { buildASTSchema, type GraphQLFormattedError, GraphQLError, graphql, Kind, parse } from 'graphql';
import {
  type BilateralMatrix,
  buildMatrix,
  type MatrixAnswer,
  type MirrorPairDef,
  matrixQuery,
  matrixVariables,
  pairInGraph,
  type SideFigure,
} from '../../reports/app/bilateral-matrix.js';
import { contextOnBehalfOf } from '../cache/http.js';
import type { Execute } from '../sdmx/execute.js';
import { mirrorPairDefs } from './pairs.js';

type ProcessOptions = Parameters<GraphQLDataSource['process']>[0];
type GatewayResponse = Awaited<ReturnType<GraphQLDataSource['process']>>;

/** What a resolver of this subgraph gets: the public request's context and where to put its members' errors. */
interface LocalContext {
  request: object;
  forwarded: GraphQLFormattedError[];
}

export interface BilateralService {
  /** The data source for the supergraph's `bilateral` subgraph (buildService). */
  dataSource: GraphQLDataSource;
  /** Gives the service the gateway's own execution, once its Apollo Server exists. */
  bind(execute: Execute): void;
}

export interface BilateralServiceOptions {
  /** ISO3 of every member the supergraph routes to: the default `members`, and the codes accepted. */
  members: readonly string[];
  /**
   * The fields of `Country` in the supergraph: a pair's third opinion is asked only where the
   * region is composed with its provider (asking a field the graph lacks fails the whole query).
   */
  countryFields: readonly string[];
  catalog?: Catalog;
}

interface MatrixArgs {
  pair: string;
  period: string;
  members?: string[] | null;
}

const badInput = (argument: string, message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', argument } });

/** The schema executed here: the contract's SDL without its federation header. */
function localSchema() {
  const document = parse(bilateralSdl());
  return buildASTSchema({ ...document, definitions: document.definitions.filter((d) => d.kind !== Kind.SCHEMA_EXTENSION) });
}

function checkMembers(asked: readonly string[], known: readonly string[]): void {
  const seen = new Set<string>();
  for (const iso3 of asked) {
    if (!known.includes(iso3)) {
      throw badInput('members', `members: "${iso3}" is not a member of this region; its members are ${known.join(', ')}`);
    }
    if (seen.has(iso3)) throw badInput('members', `members: "${iso3}" is listed twice`);
    seen.add(iso3);
  }
}

const side = (s: SideFigure | null) =>
  s && { status: s.status, value: s.value, completeness: s.completeness, flags: s.flags, reason: s.reason };

/** The matrix in the GraphQL shape of `BilateralMatrix`. */
function toGraphQL(m: BilateralMatrix) {
  return {
    pair: m.pair.id,
    pairName: m.pair.name,
    period: m.period,
    members: m.members,
    cells: m.cells.map((c) => ({
      origin: c.origin,
      destination: c.destination,
      originReports: side(c.originSide),
      destinationReports: side(c.destinationSide),
      difference: c.difference,
      ratio: c.ratio,
      asymmetry: c.asymmetry,
      thirdOpinion: c.thirdOpinion,
      thirdOpinionReason: c.thirdOpinionReason,
      notes: c.notes,
    })),
    thirdOpinionSource: m.thirdOpinionSource,
    otherErrors: m.otherErrors,
  };
}

/**
 * A member's error, as the public request's own: its words and extensions (`country`, `subgraph`,
 * `code`), without the inner query's path, which means nothing in the outer one.
 */
const forward = ({ message, extensions }: GraphQLFormattedError): GraphQLFormattedError => ({
  message,
  ...(extensions ? { extensions } : {}),
});

export function createBilateralService({ members, countryFields, catalog = loadCatalog() }: BilateralServiceOptions): BilateralService {
  const countryType = { fields: countryFields.map((name) => ({ name })) };
  const pairs = new Map([...mirrorPairDefs(catalog)].map(([id, pair]) => [id, pairInGraph(pair, countryType)]));
  const schema = localSchema();
  let execute: Execute | undefined;

  async function bilateralMatrix(args: MatrixArgs, context: LocalContext) {
    const pair: MirrorPairDef | undefined = pairs.get(args.pair);
    if (!pair)
      throw badInput('pair', `pair: "${args.pair}" is not a mirror pair of the catalog; known pairs: ${[...pairs.keys()].join(', ')}`);
    const asked = args.members ?? members;
    checkMembers(asked, members);
    let variables: Record<string, unknown>;
    try {
      // Members sum a monthly flow's months into the year (or quarter) asked: one figure per partner
      // instead of twelve, the same matrix.
      variables = matrixVariables(pair, args.period, asked, args.period, true);
    } catch (err) {
      // Its messages start with the argument they are about (`period "23": …`, `members: …`).
      const message = (err as Error).message;
      throw badInput(/^members\b/.test(message) ? 'members' : 'period', message);
    }
    if (!execute) throw new Error('bilateralMatrix: the gateway has not bound its execution to the bilateral subgraph');
    const answer = (await execute(matrixQuery(pair), variables, contextOnBehalfOf(context.request))) as MatrixAnswer;
    // The members' errors go out with the matrix: the reader sees who failed and why, and the
    // response cache keeps no answer that a member was missing from.
    context.forwarded.push(...(answer.errors ?? []).map(forward));
    return toGraphQL(buildMatrix(pair, args.period, answer));
  }

  const dataSource: GraphQLDataSource = {
    async process(options: ProcessOptions): Promise<GatewayResponse> {
      const contextValue: LocalContext = { request: options.context ?? {}, forwarded: [] };
      const result = await graphql({
        schema,
        source: options.request.query ?? '',
        variableValues: options.request.variables ?? null,
        operationName: options.request.operationName ?? null,
        rootValue: { bilateralMatrix },
        contextValue,
      });
      const errors = [...(result.errors ?? []).map((e) => e.toJSON()), ...contextValue.forwarded];
      return { ...(result.data ? { data: result.data } : {}), ...(errors.length > 0 ? { errors } : {}) };
    },
  };

  return {
    dataSource,
    bind: (e) => {
      execute = e;
    },
  };
}
