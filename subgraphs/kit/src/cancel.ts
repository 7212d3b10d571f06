// Work a subgraph stops when nobody waits for it any more. When the gateway gives up on a fetch
// (its timeout, or its own client went away) it closes the connection; the statements that request
// started are then cancelled on PostgreSQL instead of running on for an answer nobody reads.
import { AsyncLocalStorage } from 'node:async_hooks';
import { setMaxListeners } from 'node:events';
import type { RequestHandler } from 'express';
import type { Sql } from 'postgres';

const requestSignal = new AsyncLocalStorage<AbortSignal>();

/**
 * Express handler (after the body is parsed, before Apollo): the rest of the request runs with a
 * signal that aborts when the client closes the connection before the answer is sent.
 */
export const abortWhenClientLeaves: RequestHandler = (_req, res, next) => {
  const controller = new AbortController();
  // One listener per piece of work in flight for this request: a gateway fetching from every
  // member of a large region, or a subgraph running many statements, passes Node's default of 10
  // and would print a leak warning for what is not a leak (each listener is removed when its work ends).
  setMaxListeners(0, controller.signal);
  res.once('close', () => {
    if (!res.writableFinished) controller.abort(new Error('the client closed the connection'));
  });
  requestSignal.run(controller.signal, next);
};

/** Runs `fn` as part of a request with this signal (what abortWhenClientLeaves does; for tests and in-process callers). */
export const withRequestSignal = <T>(signal: AbortSignal, fn: () => T): T => requestSignal.run(signal, fn);

/** The signal of the request being served, if any (for work outside postgres.js, e.g. loops). */
export const currentRequestSignal = (): AbortSignal | undefined => requestSignal.getStore();

type Unsafe = Sql['unsafe'];

/**
 * Makes every statement postgres.js sends through `client.unsafe` (which is how drizzle sends
 * them) cancellable by the request it belongs to: when that request's signal aborts, postgres.js
 * sends PostgreSQL a cancel request for it. Statements outside a request are untouched.
 */
export function cancelWithRequest(client: Sql): Sql {
  const unsafe: Unsafe = client.unsafe.bind(client);
  const wrapped = ((...args: Parameters<Unsafe>) => {
    const query = unsafe(...args);
    const signal = requestSignal.getStore();
    if (!signal) return query;
    const cancel = () => void query.cancel();
    if (signal.aborted) cancel();
    else {
      signal.addEventListener('abort', cancel, { once: true });
      const done = () => signal.removeEventListener('abort', cancel);
      query.then(done, done);
    }
    return query;
  }) as Unsafe;
  client.unsafe = wrapped;
  return client;
}
