import type { Catalog } from '@migfed/schema';
import type { DbHandle, SqlSession } from '@migfed/subgraph-kit';
import { type Actor, audit } from '../publishing/audit.js';
import { splitHeader } from '../publishing/header.js';
import { ImportRejected, type Problem } from '../publishing/problems.js';
import type { CodeConvention } from './codes.js';
import { parseRecordHeader, type RecordKind, STORED } from './kinds.js';
import { RECORD_PROBLEM_LIMIT, RecordShaper } from './shaper.js';

export interface RecordsImportOptions {
  country: string;
  kind: RecordKind;
  dryRun: boolean;
  actor: Actor;
  /** The member's secret for document pseudonyms (RECORDS_KEY); files with document numbers need it. */
  key: string | undefined;
  codes?: CodeConvention;
}

export interface RecordsImportReport {
  ok: boolean;
  dryRun: boolean;
  country: string;
  kind: RecordKind;
  rows: number;
  /** Records new to the store, corrected (same RECORD_ID, new content), and given again unchanged. */
  added: number;
  corrected: number;
  unchanged: number;
  errors: Problem[];
  errorCount: number;
}

/** The store's key refusing a RECORD_ID it already holds. */
const UNIQUE_VIOLATION = '23505';

class RolledBack extends Error {
  constructor(readonly report: RecordsImportReport) {
    super('records import rolled back');
  }
}

/** Records given twice in one file, by line (the RECORD_ID itself is never repeated). */
async function duplicates(session: SqlSession): Promise<{ problems: Problem[]; count: number }> {
  const rows = await session.query<{ line: number; first: number; total: number }>(
    `select s.line, d.first, (count(*) over ())::int as total
       from records_stage s join (select record_id, min(line) as first from records_stage where record_id is not null group by record_id having count(*) > 1) d using (record_id)
      where s.line <> d.first order by s.line limit ${RECORD_PROBLEM_LIMIT}`,
  );
  return {
    problems: rows.map((r) => ({
      severity: 'error',
      line: r.line,
      column: 'RECORD_ID',
      message: `the same RECORD_ID as line ${r.first}: give each record once`,
    })),
    count: rows[0]?.total ?? 0,
  };
}

/**
 * Imports a records file into the member's records store in one transaction: the rows are checked
 * while they stream into a staging table (COPY), records given twice are found set-wise, and only a
 * file without any problem is merged: a new RECORD_ID is added, a known one with new content is
 * corrected, one given again unchanged changes nothing. A dry run, or any problem, writes nothing.
 */
export async function importRecords(
  handle: DbHandle,
  catalog: Catalog,
  source: AsyncIterable<Uint8Array | string>,
  options: RecordsImportOptions,
): Promise<RecordsImportReport> {
  const { country, kind, dryRun } = options;
  const report = (rows: number, errors: Problem[], errorCount: number, merged = { added: 0, corrected: 0, unchanged: 0 }) => ({
    ok: errorCount === 0,
    dryRun,
    country,
    kind,
    rows,
    ...merged,
    errors: errors.sort((a, b) => a.line - b.line || (a.column ?? '').localeCompare(b.column ?? '')).slice(0, RECORD_PROBLEM_LIMIT),
    errorCount,
  });
  try {
    const { header, rest } = await splitHeader(source);
    const layout = parseRecordHeader(kind, header, catalog);
    if (layout.person === 'document' && !options.key)
      throw new ImportRejected([
        {
          severity: 'error',
          line: 1,
          column: 'DOCUMENT_NUMBER',
          message: `${country} has no RECORDS_KEY set: document numbers can only be imported as pseudonyms made with the member's secret (set RECORDS_KEY on the subgraph), or give PERSON_ID instead`,
        },
      ]);
    const columns = STORED[kind];
    const table = `records.${kind}`;
    return await handle.transaction(async (session) => {
      await session.query(`set local work_mem = '256MB'`);
      // One import of a kind at a time per member: two would race on the same RECORD_IDs.
      await session.query(`select pg_advisory_xact_lock(hashtext($1))`, [`migfed:records:${country}:${kind}`]);
      // No NOT NULL here: a row with problems is staged too (its RECORD_ID only), so that a record
      // given twice is found even when one of its lines has other problems.
      await session.query(`create temp table records_stage on commit drop as select * from ${table} with no data`);
      await session.query(`alter table records_stage drop column country, add column line int`);
      const shaper = new RecordShaper(layout, catalog, { key: options.key, codes: options.codes });
      await session.copyFrom(`COPY records_stage (line, ${columns.join(', ')}) FROM STDIN WITH (FORMAT csv)`, rest, shaper);
      const rows = shaper.rows + shaper.rejectedRows;
      if (shaper.problemCount > 0) {
        const dups = await duplicates(session);
        throw new RolledBack(report(rows, [...shaper.problems, ...dups.problems], shaper.problemCount + dups.count));
      }
      const list = columns.join(', ');
      const changed = columns.filter((c) => c !== 'record_id');
      const [stored] = await session.query<{ any: boolean }>(`select exists (select 1 from ${table} where country = $1) as any`, [country]);
      let added = 0;
      let corrected = 0;
      if (stored!.any) {
        const dups = await duplicates(session);
        if (dups.count > 0) throw new RolledBack(report(rows, dups.problems, dups.count));
        // Set-wise, with hash joins: records whose content changed are corrected, then records new
        // to the store are added; records given again unchanged are left alone.
        const distinct = `(${changed.map((c) => `t.${c}`).join(', ')}) is distinct from (${changed.map((c) => `s.${c}`).join(', ')})`;
        corrected = await session.execute(
          `update ${table} t set ${changed.map((c) => `${c} = s.${c}`).join(', ')} from records_stage s
            where t.country = $1 and t.record_id = s.record_id and ${distinct}`,
          [country],
        );
        added = await session.execute(
          `insert into ${table} (country, ${list}) select $1, ${list} from records_stage s
            where not exists (select 1 from ${table} t where t.country = $1 and t.record_id = s.record_id)`,
          [country],
        );
      } else {
        // The member's first records (a register's initial load, the big one): every record is
        // new, and a RECORD_ID given twice is refused by the store's key, so the duplicates are
        // looked for, by line, only then.
        await session.query('savepoint records_merge');
        try {
          added = await session.execute(`insert into ${table} (country, ${list}) select $1, ${list} from records_stage`, [country]);
        } catch (err) {
          if ((err as { code?: string }).code !== UNIQUE_VIOLATION) throw err;
          await session.query('rollback to savepoint records_merge');
          const dups = await duplicates(session);
          throw new RolledBack(report(rows, dups.problems, dups.count));
        }
      }
      const result = report(shaper.rows, [], 0, { added, corrected, unchanged: shaper.rows - added - corrected });
      if (dryRun) throw new RolledBack(result);
      await audit(session, {
        country,
        actor: options.actor,
        action: `records import ${kind}`,
        release: null,
        cells: added + corrected,
        detail: { rows: shaper.rows, added, corrected, unchanged: result.unchanged },
      });
      return result;
    });
  } catch (err) {
    if (err instanceof RolledBack) return err.report;
    if (err instanceof ImportRejected) return report(0, err.problems, err.problems.length);
    throw err;
  }
}
