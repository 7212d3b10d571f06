import type { Catalog } from '@migfed/schema';
import type { DbHandle } from '@migfed/subgraph-kit';
import express, { type Request, type Response, Router } from 'express';
import { CODE_CONVENTIONS, type CodeConvention } from '../records/codes.js';
import { deriveRelease } from '../records/derive.js';
import { importRecords } from '../records/import.js';
import { RECORD_KINDS, type RecordKind } from '../records/kinds.js';
import { actorOf, authenticate } from './auth.js';
import type { Observe } from './metrics.js';
import { releaseNameProblem } from '../publishing/names.js';

function refuse(req: Request, res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
  req.resume();
}

/**
 * The member's private records (focal-point token required, never part of the federated graph):
 * `POST /admin/records/imports?kind=crossings|permits[&dryRun=1][&codes=icao|unhcr]` with a CSV
 * body (streamed), and `POST /admin/records/derive` with `{ release, from?, to?, extractedAt? }`.
 * Answers carry counts and problems by line and column, never a record's identity.
 */
export function recordRoutes(
  handle: DbHandle,
  country: string,
  catalog: Catalog,
  recordsKey: string | undefined,
  observe: Observe,
): Router {
  const router = Router();
  router.post('/imports', async (req, res) => {
    const auth = await authenticate(handle, country, req);
    if (!auth.ok) return refuse(req, res, auth.status, auth.code, auth.message);
    const kind = String(req.query.kind ?? '');
    if (!RECORD_KINDS.includes(kind as RecordKind))
      return refuse(req, res, 400, 'BAD_USER_INPUT', `kind must be ${RECORD_KINDS.join(' or ')}, not "${kind.slice(0, 20)}"`);
    const codes = req.query.codes === undefined ? undefined : String(req.query.codes).toLowerCase();
    if (codes !== undefined && !CODE_CONVENTIONS.includes(codes as CodeConvention))
      return refuse(req, res, 400, 'BAD_USER_INPUT', `codes must be ${CODE_CONVENTIONS.join(' or ')}, not "${codes.slice(0, 20)}"`);
    const dryRun = ['1', 'true', 'yes'].includes(String(req.query.dryRun ?? '').toLowerCase());
    try {
      const report = await importRecords(handle, catalog, req, {
        country,
        kind: kind as RecordKind,
        dryRun,
        actor: actorOf(auth),
        key: recordsKey,
        ...(codes ? { codes: codes as CodeConvention } : {}),
      });
      observe.metrics?.finished('records', report.dryRun ? 'dry_run' : report.ok ? 'ok' : 'rejected', report.added + report.corrected);
      res.status(200).json(report);
    } catch (err) {
      observe.metrics?.finished('records', 'failed', 0);
      // The error's message may quote a database value; the operator's log gets only its kind.
      observe.log.error({ error: (err as { code?: string }).code ?? (err as Error).name }, 'records import failed');
      res
        .status(500)
        .json({ error: { code: 'INTERNAL_SERVER_ERROR', message: 'the records import failed on the server and wrote nothing' } });
    }
  });
  router.post('/derive', express.json({ limit: '10kb' }), async (req, res) => {
    const auth = await authenticate(handle, country, req);
    if (!auth.ok) return refuse(req, res, auth.status, auth.code, auth.message);
    const body = (req.body ?? {}) as { release?: unknown; from?: unknown; to?: unknown; extractedAt?: unknown };
    const release = typeof body.release === 'string' ? body.release : '';
    const badName = releaseNameProblem(release);
    if (badName) return refuse(req, res, 400, 'BAD_USER_INPUT', badName);
    const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
    const extractedText = text(body.extractedAt);
    const extractedAt = extractedText === undefined ? undefined : new Date(extractedText);
    if (extractedAt && (Number.isNaN(extractedAt.getTime()) || !/[zZ]|[+-]\d{2}:?\d{2}$/.test(extractedText!)))
      return refuse(
        req,
        res,
        400,
        'BAD_USER_INPUT',
        'extractedAt must be an ISO 8601 date-time with a UTC offset, e.g. 2025-01-15T00:00:00Z',
      );
    try {
      const from = text(body.from);
      const to = text(body.to);
      const report = await deriveRelease(handle, catalog, {
        country,
        release,
        actor: actorOf(auth),
        ...(from ? { from } : {}),
        ...(to ? { to } : {}),
        ...(extractedAt ? { extractedAt } : {}),
      });
      observe.metrics?.finished('derive', report.ok ? 'ok' : 'rejected', report.import?.written ?? 0);
      res.status(200).json(report);
    } catch (err) {
      observe.metrics?.finished('derive', 'failed', 0);
      observe.log.error({ error: (err as { code?: string }).code ?? (err as Error).name }, 'records derivation failed');
      res.status(500).json({ error: { code: 'INTERNAL_SERVER_ERROR', message: 'the derivation failed on the server and wrote nothing' } });
    }
  });
  return router;
}
