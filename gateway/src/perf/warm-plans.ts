// Plans for the product's own operations, built when the gateway loads:
// a cold plan of the report costs ≈ 25 ms at 50 members and ≈ 0.2 s at 200, which the first reader
// of each operation would otherwise wait for. The operations are the /reports page's and the
// explorer's example tabs, exactly as those send them, because the gateway's plan cache is keyed by
// the operation text (and name).
//
// @apollo/gateway has no public way to plan without executing, so this fills its plan cache the way
// its executor does (dist/index.js: key = sha256(queryHash + operationName), or queryHash alone
// when the request names no operation). perf/warm-plans.test.ts fails if an upgrade changes that.
import { createHash } from 'node:crypto';
import { operationFromDocument, type Schema } from '@apollo/federation-internals';
import { type DocumentNode, Kind, parse } from 'graphql';
import { CODES_QUERY, OVERVIEW_QUERY, reportQuery, START_QUERY } from '../../reports/app/queries.js';
import { exampleTabs } from '../explorer.js';

/** The parts of ApolloGateway's state that planning needs (private in its typings, present at run time). */
interface GatewayInternals {
  apiSchema?: Schema;
  queryPlanner?: { buildQueryPlan(operation: unknown, options?: unknown): unknown };
  queryPlanStore?: { set(key: string, value: unknown): Promise<void> };
}

/** The operations /reports and /explorer send, in the text they send. */
export function productOperations(supergraphSdl: string): string[] {
  return [
    reportQuery(false),
    reportQuery(true),
    START_QUERY,
    OVERVIEW_QUERY,
    CODES_QUERY,
    ...exampleTabs(supergraphSdl).map((t) => t.query),
  ];
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function operationNames(document: DocumentNode): (string | undefined)[] {
  const named = document.definitions.flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION ? [d.name?.value] : []));
  // A request may name its only operation or not: both keys lead to the same plan.
  return named.length === 1 ? [undefined, ...named.filter((n) => n !== undefined)] : named.filter((n) => n !== undefined);
}

export interface WarmResult {
  planned: number;
  /** Operations this graph cannot answer (e.g. `asOf` before the graph has it), with why. */
  skipped: string[];
  ms: number;
}

/** Plans every operation into the gateway's plan cache; never throws (a cold plan is only slower). */
export async function warmPlans(gateway: object, queries: readonly string[]): Promise<WarmResult> {
  const started = performance.now();
  const { apiSchema, queryPlanner, queryPlanStore } = gateway as GatewayInternals;
  if (!apiSchema || !queryPlanner || !queryPlanStore) {
    return { planned: 0, skipped: ['@apollo/gateway internals not found: plans are built on first use'], ms: 0 };
  }
  let planned = 0;
  const skipped: string[] = [];
  for (const query of queries) {
    try {
      const document = parse(query);
      const queryHash = sha256(query);
      for (const name of operationNames(document)) {
        const plan = queryPlanner.buildQueryPlan(operationFromDocument(apiSchema, document, { operationName: name }));
        const key = name ? createHash('sha256').update(queryHash).update(name).digest('hex') : queryHash;
        await queryPlanStore.set(key, plan);
      }
      planned += 1;
    } catch (err) {
      skipped.push(`${query.split('\n')[0]!.slice(0, 60)}: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  return { planned, skipped, ms: performance.now() - started };
}
