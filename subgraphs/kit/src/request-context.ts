// The id that follows one request from the gateway into every subgraph it asks, so an operator can
// find every log line of one reader's request across the region's services. The gateway takes the
// caller's `x-request-id` when it is a plausible id and makes one otherwise; subgraphs take the
// gateway's. Request ids are not covered by the subgraph request signature: they only label logs.
import { randomUUID } from 'node:crypto';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { RequestHandler } from 'express';

export const REQUEST_ID_HEADER = 'x-request-id';

/** Short and plain, so a caller cannot inject text into log lines or headers through it. */
const PLAUSIBLE_ID = /^[A-Za-z0-9._-]{1,64}$/;

const store = new AsyncLocalStorage<string>();

/** The id given, when it is plausible; otherwise a new one. */
export function acceptRequestId(given: string | string[] | undefined): string {
  const value = Array.isArray(given) ? given[0] : given;
  return value !== undefined && PLAUSIBLE_ID.test(value) ? value : randomUUID();
}

/** The id of the request being served, if any. */
export const currentRequestId = (): string | undefined => store.getStore();

/** Runs `fn` as part of the request with this id (what requestIdMiddleware does; for in-process callers). */
export const withRequestId = <T>(id: string, fn: () => T): T => store.run(id, fn);

/**
 * First Express handler of every service: the rest of the request runs with its id, and the answer
 * carries it in `x-request-id` so a reader can quote it when reporting a problem.
 */
export const requestIdMiddleware: RequestHandler = (req, res, next) => {
  const id = acceptRequestId(req.headers[REQUEST_ID_HEADER]);
  res.setHeader(REQUEST_ID_HEADER, id);
  store.run(id, next);
};
