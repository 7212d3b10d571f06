import { Transform } from 'node:stream';
import type { Catalog } from '@migfed/schema';
import type { DbHandle } from '@migfed/subgraph-kit';
import { GraphQLError } from 'graphql';
import { type Actor, audit } from './audit.js';
import { parseHeader, splitHeader } from './header.js';
import { createCountryPartition, releasePartition } from '../db/partitions.js';
import { dimensionsOf } from '../db/cells.js';
import { DUPLICATE_CELLS, mergeIntoDraft } from './merge.js';
import { type CarriedCell, protectDraft } from '../disclosure/apply.js';
import { releaseNameProblem } from './names.js';
import { ImportRejected, type Problem } from './problems.js';
import { alreadyPublished, findRelease, lockRelease } from './releases.js';
import { createStaging, stageFile } from './staging.js';
import { duplicateProblems, type Validation, validateStaged } from './validate.js';
import { applyActions, type DefaultAction, rememberActions, type WithdrawnCell, withdrawnCells } from './withdrawals.js';

/** At most this many withdrawn (or carried) cells are listed in a report (all are counted). */
const WITHDRAWN_LISTED = 100;

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
  /**
   * Cells readers see now that the release will withdraw when published (its tables replace them,
   * or rows with ACTION D name them), the first ones listed; all counted in `withdrawnCount`.
   */
  withdrawn: (WithdrawnCell & { dimensions: Record<string, string> })[];
  withdrawnCount: number;
  /**
   * Cells of earlier releases, published in clear, that the release publishes again with their
   * value withheld (`confidentiality` D): the table it merges into would otherwise let a reader
   * work out a withheld value by subtraction. The first ones listed; all counted in `carriedCount`.
   */
  carried: (Omit<CarriedCell, 'confStatus'> & { confidentiality: string; dimensions: Record<string, string> })[];
  carriedCount: number;
}

export interface ImportOptions {
  country: string;
  release: string;
  dryRun: boolean;
  actor: Actor;
  /** What rows without an ACTION do to their table: replace it (default) or merge into it. */
  defaultAction?: DefaultAction;
  /** How the audit log names the write (default `import`). */
  action?: string;
  /**
   * Warn about breakdowns that do not add up (default true). Cells derived from records add up by
   * construction, and on PGlite the check costs seconds for a few thousand cells.
   */
  additivityWarnings?: boolean;
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
 * The member's partition (`observations_mda`), created once in a short transaction of its own: the
 * import's transaction then never needs the lock that creating a partition takes on
 * country.observations (two first imports of a member would deadlock over it). The advisory lock
 * makes the first imports that race here create it once.
 */
async function ensureCountryPartition(handle: DbHandle, country: string): Promise<void> {
  await handle.transaction(async (session) => {
    await session.query(`select pg_advisory_xact_lock(hashtext($1))`, [`migfed:partition:${country}`]);
    await session.query(createCountryPartition(country));
  });
}

/** Carries a report out of the transaction so that it rolls back: a dry run or a file with errors writes nothing. */
class RolledBack extends Error {
  constructor(readonly report: ImportReport) {
    super('import rolled back');
  }
}

/**
 * Imports an SDMX-CSV file into a draft release in one transaction: COPY into a staging table
 * shaped like a release partition, every rule checked set-wise, and only a file without errors
 * becomes (part of) the draft's partition. Any failure, and any dry run, writes nothing.
 */
export async function importFile(
  handle: DbHandle,
  catalog: Catalog,
  source: AsyncIterable<Uint8Array | string>,
  options: ImportOptions,
): Promise<ImportReport> {
  const { country, release, dryRun } = options;
  const action = options.defaultAction ?? 'replace';
  const report = (
    rows: number,
    written: number,
    v: Omit<Validation, 'indicators' | 'tables'>,
    withdrawn: { cells: WithdrawnCell[]; total: number } = { cells: [], total: 0 },
    carried: readonly CarriedCell[] = [],
  ): ImportReport => ({
    ok: v.errorCount === 0,
    dryRun,
    country,
    release,
    rows,
    written,
    errors: v.errors,
    errorCount: v.errorCount,
    warnings: v.warnings,
    warningCount: v.warningCount,
    withdrawn: withdrawn.cells.map((c) => ({ ...c, dimensions: dimensionsOf(catalog, c.indicator, c.seriesKey) })),
    withdrawnCount: withdrawn.total,
    carried: carried
      .slice(0, WITHDRAWN_LISTED)
      .map(({ confStatus, ...c }) => ({ ...c, confidentiality: confStatus, dimensions: dimensionsOf(catalog, c.indicator, c.seriesKey) })),
    carriedCount: carried.length,
  });
  const rejected = (message: string, line = 0): ImportReport =>
    report(0, 0, { errors: [{ severity: 'error', line, message }], errorCount: 1, warnings: [], warningCount: 0 });
  // Checked here, not only where a request arrives, so every path that writes applies it.
  const badName = releaseNameProblem(release);
  if (badName) return rejected(badName);
  try {
    const { header, rest } = await splitHeader(source);
    const layout = parseHeader(header, catalog);
    // A dry run goes as far as an import (so it can list what the release would withdraw) and rolls back.
    await ensureCountryPartition(handle, country);
    return await handle.transaction(async (session) => {
      // Hash aggregates and the index sort over a million staged rows stay in memory.
      await session.query(`set local work_mem = '256MB'`);
      await session.query(`set local maintenance_work_mem = '512MB'`);
      // The staging table has no statistics yet: tell the planner parallel scans are worth it (the
      // checks' DISTINCTs then use the second core; the index build does so on its own).
      await session.query(`set local parallel_setup_cost = 0`);
      await session.query(`set local parallel_tuple_cost = 0`);
      await lockRelease(session, country, release);
      const existing = await findRelease(session, country, release);
      if (existing?.status === 'published') throw alreadyPublished(existing);
      // A new draft's id is drawn now (the staging table is made for it) and the release row is
      // inserted only once the file is clean; an existing draft gets a new table that replaces its partition.
      const [drawn] = existing
        ? []
        : await session.query<{ id: number }>(`select nextval(pg_get_serial_sequence('country.releases', 'id'))::int as id`);
      const releaseId = existing?.id ?? drawn!.id;
      const empty = await createStaging(session, layout, country, releaseId, `${releasePartition(releaseId)}${existing ? '_next' : ''}`);
      const staged = await stageFile(session, empty, layout, rest, catalog, countingBytes(options.onProgress));
      const rows = staged.rows + staged.malformed;
      if (rows === 0) throw new RolledBack(rejected('the file has a header but no rows: there is nothing to import', 2));
      options.onProgress?.({ phase: 'validating', rows });
      const validation = await validateStaged(session, layout, country, staged, catalog, {
        duplicates: dryRun,
        action,
        additivity: options.additivityWarnings ?? true,
      });
      if (validation.errorCount > 0) throw new RolledBack(report(rows, 0, validation));
      options.onProgress?.({ phase: 'writing', rows });
      if (!existing)
        await session.query(`insert into country.releases (id, country, name) values ($1, $2, $3)`, [releaseId, country, release]);
      await rememberActions(session, staged, action, validation.tables);
      const merged = await mergeIntoDraft(session, catalog, staged, validation.indicators);
      if (merged === DUPLICATE_CELLS) {
        const dups = await duplicateProblems(session, staged);
        throw new RolledBack(report(rows, 0, { errors: dups.problems, errorCount: dups.count, warnings: [], warningCount: 0 }));
      }
      const written = merged - (await applyActions(session, country, releaseId));
      // The disclosure rule over each table as it will be published (the withdrawals just
      // recorded say which tables are replaced and which cells are deleted).
      const { carried } = await protectDraft(session, catalog, country, releaseId, validation.indicators);
      const withdrawn = await withdrawnCells(session, country, { id: releaseId, visibleFrom: null }, WITHDRAWN_LISTED);
      if (dryRun) throw new RolledBack(report(rows, 0, validation, withdrawn, carried));
      await audit(session, {
        country,
        actor: options.actor,
        action: options.action ?? 'import',
        release,
        cells: written,
        detail: { rows, warnings: validation.warningCount, withdrawn: withdrawn.total, carried: carried.length },
      });
      return report(rows, written, validation, withdrawn, carried);
    });
  } catch (err) {
    if (err instanceof RolledBack) return err.report;
    if (err instanceof ImportRejected) {
      return report(0, 0, { errors: err.problems, errorCount: err.count, warnings: [], warningCount: 0 });
    }
    if (err instanceof GraphQLError) return rejected(err.message);
    throw err;
  }
}
