import { Transform } from 'node:stream';
import type { Catalog } from '@migfed/schema';
import type { DbHandle } from '@migfed/subgraph-kit';
import { GraphQLError } from 'graphql';
import { type Actor, audit } from './audit.js';
import { parseHeader, splitHeader } from './header.js';
import { mergeIntoDraft } from './merge.js';
import { ImportRejected, type Problem } from './problems.js';
import { alreadyPublished, draftRelease, findRelease, lockRelease } from './releases.js';
import { stageFile } from './staging.js';
import { type Validation, validateStaged } from './validate.js';

export type ImportProgress =
  | { phase: 'receiving'; bytes: number }
  | { phase: 'validating'; rows: number }
  | { phase: 'writing'; rows: number };

export interface ImportReport {
  ok: boolean;
  dryRun: boolean;
  country: string;
  release: string;
  rows: number;
  /** Cells written into the draft (0 for a dry run or a file with errors). */
  written: number;
  errors: Problem[];
  errorCount: number;
  warnings: Problem[];
  warningCount: number;
}

export interface ImportOptions {
  country: string;
  release: string;
  dryRun: boolean;
  actor: Actor;
  /** How the audit log names the write (default `import`). */
  action?: string;
  onProgress?: (event: ImportProgress) => void;
}

function countingBytes(onProgress: ImportOptions['onProgress']) {
  let bytes = 0;
  let last = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      if (bytes - last >= 4_000_000) {
        last = bytes;
        onProgress?.({ phase: 'receiving', bytes });
      }
      done(null, chunk);
    },
    flush(done) {
      onProgress?.({ phase: 'receiving', bytes });
      done();
    },
  });
}

/**
 * Imports an SDMX-CSV file into a draft release in one transaction: COPY into staging, every rule
 * checked set-wise, and only a file without errors is merged. Any failure writes nothing.
 */
export async function importFile(handle: DbHandle, catalog: Catalog, source: AsyncIterable<Uint8Array | string>, options: ImportOptions): Promise<ImportReport> {
  const { country, release, dryRun } = options;
  const report = (rows: number, written: number, v: Validation): ImportReport => ({ ok: v.errorCount === 0, dryRun, country, release, rows, written, ...v });
  try {
    const { header, rest } = await splitHeader(source);
    const layout = parseHeader(header, catalog);
    return await handle.transaction(async (session) => {
      // Hash aggregates over a million staged rows stay in memory instead of spilling to disk.
      await session.query(`set local work_mem = '256MB'`);
      await lockRelease(session, country, release);
      const existing = await findRelease(session, country, release);
      if (existing?.status === 'published') throw alreadyPublished(existing);
      const staged = await stageFile(session, layout, rest, catalog, countingBytes(options.onProgress));
      const rows = staged.rows;
      options.onProgress?.({ phase: 'validating', rows });
      const validation = await validateStaged(session, layout, country, staged, catalog);
      if (validation.errorCount > 0 || dryRun) return report(rows, 0, validation);
      options.onProgress?.({ phase: 'writing', rows });
      const draft = await draftRelease(session, country, release);
      const written = await mergeIntoDraft(session, country, draft, layout, catalog);
      await audit(session, { country, actor: options.actor, action: options.action ?? 'import', release, cells: written, detail: { rows, warnings: validation.warningCount } });
      return report(rows, written, validation);
    });
  } catch (err) {
    if (err instanceof ImportRejected) {
      return report(0, 0, { errors: err.problems, errorCount: err.problems.length, warnings: [], warningCount: 0 });
    }
    if (err instanceof GraphQLError) {
      return report(0, 0, { errors: [{ severity: 'error', line: 0, message: err.message }], errorCount: 1, warnings: [], warningCount: 0 });
    }
    throw err;
  }
}
