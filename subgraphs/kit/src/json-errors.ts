import type { ErrorRequestHandler } from 'express';
import { DATA_SOURCE_UNAVAILABLE, isDataSourceUnavailable } from './errors.js';
import { type Logger, serviceLogger } from './log.js';

type HttpError = { status?: number; statusCode?: number; expose?: boolean; message?: string };

/**
 * The last Express handler of every service (gateway and subgraphs): whatever fails before Apollo
 * gets the request — a body that is not JSON, one too large, a database that went away — is
 * answered as a GraphQL-shaped JSON error. Express's default handler would send an HTML page with
 * the stack trace outside production. 4xx keep their message when the error says it may be shown
 * (body-parser's do); 5xx say nothing of the cause, which goes to the service's log.
 */
export function jsonErrorHandler(service: string, log: Pick<Logger, 'error'> = serviceLogger(service)): ErrorRequestHandler {
  return (err: HttpError, _req, res, _next) => {
    if (res.headersSent) {
      // Too late for a JSON answer (e.g. a streamed reply failed half-way): end it.
      log.error({ err }, 'request failed after its answer began');
      res.end();
      return;
    }
    if (isDataSourceUnavailable(err)) {
      // e.g. the first queries after the database restarted, on connections it had closed.
      log.error({ err }, 'database unavailable');
      res
        .status(503)
        .set('retry-after', '5')
        .json({
          errors: [
            {
              message: 'data source unavailable: the database of this service cannot be reached; try again shortly',
              extensions: { code: DATA_SOURCE_UNAVAILABLE },
            },
          ],
        });
      return;
    }
    const given = err?.status ?? err?.statusCode;
    const status = typeof given === 'number' && given >= 400 && given < 600 ? given : 500;
    if (status >= 500) log.error({ err }, 'request failed');
    const message = status < 500 && err?.expose ? (err.message ?? 'Bad request') : 'Internal server error';
    res.status(status).json({ errors: [{ message, extensions: { code: status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR' } }] });
  };
}
