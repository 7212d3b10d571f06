import type { Catalog } from '@migfed/schema';
import type { DbHandle } from '@migfed/subgraph-kit';
import type { Request, Response } from 'express';
import { importFile } from '../publishing/import.js';
import { actorOf, authenticate } from './auth.js';

/** A release name a person can read back: letters, digits, spaces and a little punctuation. */
export const RELEASE_NAME = /^[\p{L}\p{N}][\p{L}\p{N} ._,:()/-]{0,99}$/u;

export function defaultReleaseName(now = new Date()): string {
  return `draft ${now.toISOString().slice(0, 16).replace('T', ' ')}`;
}

/**
 * `POST /admin/imports?release=…&dryRun=1` with the SDMX-CSV file as the body (streamed, never
 * buffered). Answers NDJSON: progress lines while it works, then `{"type":"report", …}`.
 */
export function importHandler(handle: DbHandle, country: string, catalog: Catalog) {
  return async (req: Request, res: Response) => {
    const auth = await authenticate(handle, country, req);
    if (!auth.ok) {
      res.status(auth.status).json({ error: { code: auth.code, message: auth.message } });
      req.resume();
      return;
    }
    const release = typeof req.query.release === 'string' && req.query.release !== '' ? req.query.release : defaultReleaseName();
    if (!RELEASE_NAME.test(release)) {
      res.status(400).json({
        error: {
          code: 'BAD_USER_INPUT',
          message: `release name "${release.slice(0, 120)}" must start with a letter or digit and use at most 100 letters, digits, spaces and . _ , : ( ) / -`,
        },
      });
      req.resume();
      return;
    }
    const dryRun = ['1', 'true', 'yes'].includes(String(req.query.dryRun ?? '').toLowerCase());
    res.status(200).type('application/x-ndjson');
    const send = (line: object) => res.write(`${JSON.stringify(line)}\n`);
    try {
      const report = await importFile(handle, catalog, req, {
        country,
        release,
        dryRun,
        actor: actorOf(auth),
        onProgress: (event) => send({ type: 'progress', ...event }),
      });
      send({ type: 'report', ...report });
    } catch (err) {
      console.error(`[country ${country}] import failed:`, err);
      send({ type: 'failure', message: 'the import failed on the server and wrote nothing; the operator can see why in the subgraph log' });
    }
    res.end();
  };
}
