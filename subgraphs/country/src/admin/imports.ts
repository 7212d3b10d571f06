import { PassThrough, type Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { Catalog } from '@migfed/schema';
import type { DbHandle } from '@migfed/subgraph-kit';
import type { Request, Response } from 'express';
import { importFile } from '../publishing/import.js';
import { releaseNameProblem } from '../publishing/names.js';
import { actorOf, authenticate } from './auth.js';
import type { Observe } from './metrics.js';

export function defaultReleaseName(now = new Date()): string {
  return `draft ${now.toISOString().slice(0, 16).replace('T', ' ')}`;
}

/**
 * An upload answered before its end (a bad header, a refused token) is read on for at most this
 * much, or this long, and then the connection is closed: the client gets the answer at once and,
 * still sending, sees it rather than a reset; but nobody can keep the server reading a large file
 * that will be thrown away.
 */
const DRAIN_BYTES = 16 * 1024 * 1024;
const DRAIN_MS = 10_000;

/** Reads what is left of `req` and throws it away, up to DRAIN_BYTES or DRAIN_MS. */
function drainBounded(req: Request): Promise<void> {
  return new Promise((resolve) => {
    if (req.complete || req.destroyed) return resolve();
    let read = 0;
    const done = () => {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', done);
      req.off('close', done);
      req.pause();
      resolve();
    };
    const onData = (chunk: Buffer) => {
      read += chunk.length;
      if (read > DRAIN_BYTES) done();
    };
    const timer = setTimeout(done, DRAIN_MS);
    req.on('data', onData);
    req.once('end', done);
    req.once('close', done);
    req.resume();
  });
}

/**
 * Ends a response whose answer is written, after reading on what is left of the upload (bounded):
 * ending it first would close a `Connection: close` socket under a client still sending.
 */
async function endAfterDrain(req: Request, res: Response): Promise<void> {
  await drainBounded(req);
  if (!req.complete) res.once('finish', () => req.socket.destroy());
  res.end();
}

/** Answers before the body was read: `Connection: close` when some of it is still coming. */
async function answerEarly(req: Request, res: Response, status: number, body: object): Promise<void> {
  if (!req.complete) res.set('connection', 'close');
  res.status(status).type('application/json');
  res.write(JSON.stringify(body));
  await endAfterDrain(req, res);
}

/**
 * `POST /admin/imports?release=…&dryRun=1&action=merge` with the SDMX-CSV file as the body (streamed, never
 * buffered). Answers NDJSON: progress lines while it works, then `{"type":"report", …}`.
 */
export function importHandler(handle: DbHandle, country: string, catalog: Catalog, observe: Observe) {
  return async (req: Request, res: Response) => {
    const auth = await authenticate(handle, country, req);
    if (!auth.ok) return answerEarly(req, res, auth.status, { error: { code: auth.code, message: auth.message } });
    const release = typeof req.query.release === 'string' && req.query.release !== '' ? req.query.release : defaultReleaseName();
    const badName = releaseNameProblem(release);
    if (badName) return answerEarly(req, res, 400, { error: { code: 'BAD_USER_INPUT', message: badName } });
    const encoding = String(req.headers['content-encoding'] ?? 'identity').toLowerCase();
    if (!['identity', 'gzip', 'x-gzip'].includes(encoding)) {
      const message = `Content-Encoding "${encoding.slice(0, 40)}" is not supported: send the file as it is, or compressed with gzip`;
      return answerEarly(req, res, 415, { error: { code: 'UNSUPPORTED_MEDIA_TYPE', message } });
    }
    const action = String(req.query.action ?? 'replace').toLowerCase();
    if (action !== 'replace' && action !== 'merge') {
      return answerEarly(req, res, 400, {
        error: {
          code: 'BAD_USER_INPUT',
          message: `action "${action.slice(0, 40)}" must be replace (the file's figures are the whole table for each indicator and period) or merge (they are added to what was published)`,
        },
      });
    }
    // The import reads from its own stream: when it stops early, the request can be unpiped and drained.
    const body: PassThrough | Transform = encoding === 'identity' ? new PassThrough() : createGunzip();
    req.pipe(body);
    const dryRun = ['1', 'true', 'yes'].includes(String(req.query.dryRun ?? '').toLowerCase());
    res.status(200).type('application/x-ndjson');
    const send = (line: object) => res.write(`${JSON.stringify(line)}\n`);
    try {
      const report = await importFile(handle, catalog, body, {
        country,
        release,
        dryRun,
        defaultAction: action,
        actor: actorOf(auth),
        onProgress: (event) => send({ type: 'progress', ...event }),
      });
      // Rejected before the end of the upload (a bad header): answered now, see drainBounded.
      if (!req.complete && !res.headersSent) res.set('connection', 'close');
      observe.metrics?.finished('observations', report.dryRun ? 'dry_run' : report.ok ? 'ok' : 'rejected', report.written);
      send({ type: 'report', ...report });
    } catch (err) {
      observe.metrics?.finished('observations', (err as { code?: string }).code?.startsWith('Z_') ? 'rejected' : 'failed', 0);
      if ((err as { code?: string }).code?.startsWith('Z_')) {
        if (!req.complete && !res.headersSent) res.set('connection', 'close');
        const message = `the upload says Content-Encoding: ${encoding} but is not valid gzip data (${(err as Error).message}); nothing was written`;
        send({
          type: 'report',
          ok: false,
          dryRun,
          country,
          release,
          rows: 0,
          written: 0,
          errors: [{ severity: 'error', line: 0, message }],
          errorCount: 1,
          warnings: [],
          warningCount: 0,
        });
      } else {
        observe.log.error({ err }, 'import failed');
        send({
          type: 'failure',
          message: 'the import failed on the server and wrote nothing; the operator can see why in the subgraph log',
        });
      }
    }
    req.unpipe(body);
    await endAfterDrain(req, res);
  };
}
