// How many observation rows one request to this member may produce, across every alias and entity
// in it. The gateway bounds what a query may ask for; this bounds what a member actually reads, so
// a query that slips past the gateway's estimate is refused here, early and cheaply, with its own code.
import { ROW_LIMIT, UserInputError } from '@migfed/subgraph-kit';

export const DEFAULT_ROW_LIMIT = 50_000;

export interface RowBudget {
  readonly limit: number;
  used: number;
}

export const createRowBudget = (limit: number): RowBudget => ({ limit, used: 0 });

/** The LIMIT for the next statement: what is left, plus one row to see that it would overflow. */
export const nextLimit = (budget: RowBudget): number => Math.max(0, budget.limit - budget.used) + 1;

export const rowLimitError = (limit: number) =>
  new UserInputError(
    ROW_LIMIT,
    `The query asks this member for more than ${limit} rows in one request (every alias counted); ask for fewer periods, codes or aliases at a time`,
    { limit },
  );

/** Counts rows read; refuses the request once they pass the limit. */
export function spend<T>(budget: RowBudget, rows: T[]): T[] {
  budget.used += rows.length;
  if (budget.used > budget.limit) throw rowLimitError(budget.limit);
  return rows;
}
