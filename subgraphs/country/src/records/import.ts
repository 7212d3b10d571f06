import type { Catalog } from '@migfed/schema';
import type { DbHandle, SqlSession } from '@migfed/subgraph-kit';
import { recordsPartition } from '../db/partitions.js';
import { type Actor, audit } from '../publishing/audit.js';
import { splitHeader } from '../publishing/header.js';
import { ImportRejected, type Problem } from '../publishing/problems.js';
import { ident, lit } from '../publishing/sql-text.js';
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
async function duplicates(session: SqlSession, stage: string): Promise<{ problems: Problem[]; count: number }> {
  const rows = await session.query<{ line: number; first: number; total: number }>(
    `select s.line, d.first, (count(*) over ())::int as total
       from ${stage} s join (select record_id, min(line) as first from ${stage} where record_id is not null group by record_id having count(*) > 1) d using (record_id)
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
 * The staging table of a member's first import of a kind: a new table shaped like the store, so
 * that it can become the member's partition, with the file's line. Its constraints are there
 * before the first row, so that no scan is needed to add them after the load.
 */
async function createFirstStage(session: SqlSession, table: string, stage: string, partition: string, country: string): Promise<void> {
  await session.query(`create table ${stage} (like ${table})`);
  await session.query(
    `alter table ${stage} add column line int, alter column country set default ${lit(country)},
       add constraint ${ident(`${partition}_member`)} check (country = ${lit(country)})`,
  );
}

/**
 * Turns a first import's staging table into the member's partition: the line goes, the key is
 * built once over all rows (a sort, not row-by-row maintenance) and the table is attached (the
 * CHECK on the country spares PostgreSQL a scan). A RECORD_ID given twice fails the key: then
 * nothing changed, and the caller lists the duplicates by line.
 */
async function attachFirst(session: SqlSession, table: string, stage: string, partition: string, country: string): Promise<boolean> {
  await session.query('savepoint records_key');
  try {
    await session.query(
      `alter table ${stage} drop column line, alter column country drop default, add constraint ${ident(`${partition}_pk`)} primary key (record_id, country)`,
    );
  } catch (err) {
    if ((err as { code?: string }).code !== UNIQUE_VIOLATION) throw err;
    await session.query('rollback to savepoint records_key');
    return false;
  }
  await session.query('release savepoint records_key');
  await session.query(`alter table ${table} attach partition ${stage} for values in (${lit(country)})`);
  return true;
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
    const partition = recordsPartition(kind, country);
    return await handle.transaction(async (session) => {
      await session.query(`set local work_mem = '256MB'`);
      await session.query(`set local maintenance_work_mem = '512MB'`);
      // One import of a kind at a time per member: two would race on the same RECORD_IDs.
      await session.query(`select pg_advisory_xact_lock(hashtext($1))`, [`migfed:records:${country}:${kind}`]);
      const [known] = await session.query<{ name: string | null }>(`select to_regclass($1)::text as name`, [`records.${partition}`]);
      // The member's first records of this kind (a register's initial load, the big one) are
      // staged in the table that becomes the member's partition; later files in a temporary table.
      const first = !known?.name;
      const stage = first ? `records.${ident(partition)}` : 'records_stage';
      // A row with problems is staged too (its RECORD_ID, placeholders elsewhere), so that a
      // record given twice is found even when one of its lines has other problems.
      if (first) await createFirstStage(session, table, stage, partition, country);
      else {
        await session.query(`create temp table records_stage on commit drop as select * from ${table} with no data`);
        await session.query(`alter table records_stage drop column country, add column line int`);
      }
      const shaper = new RecordShaper(layout, catalog, { key: options.key, codes: options.codes });
      await session.copyFrom(`COPY ${stage} (line, ${shaper.copyColumns.join(', ')}) FROM STDIN WITH (FORMAT csv)`, rest, shaper);
      const rows = shaper.rows + shaper.rejectedRows;
      if (shaper.problemCount > 0) {
        const dups = await duplicates(session, stage);
        throw new RolledBack(report(rows, [...shaper.problems, ...dups.problems], shaper.problemCount + dups.count));
      }
      let added = 0;
      let corrected = 0;
      if (first) {
        // Every record is new, and a RECORD_ID given twice is refused by the key: only then are
        // the duplicates looked for, by line.
        if (!(await attachFirst(session, table, stage, partition, country))) {
          const dups = await duplicates(session, stage);
          throw new RolledBack(report(rows, dups.problems, dups.count));
        }
        added = shaper.rows;
      } else {
        const dups = await duplicates(session, stage);
        if (dups.count > 0) throw new RolledBack(report(rows, dups.problems, dups.count));
        // Set-wise, with hash joins: records whose content changed are corrected, then records new
        // to the store are added; records given again unchanged are left alone.
        const list = columns.join(', ');
        const changed = columns.filter((c) => c !== 'record_id');
        const target = `records.${ident(partition)}`;
        const distinct = `(${changed.map((c) => `t.${c}`).join(', ')}) is distinct from (${changed.map((c) => `s.${c}`).join(', ')})`;
        corrected = await session.execute(
          `update ${target} t set ${changed.map((c) => `${c} = s.${c}`).join(', ')} from records_stage s
            where t.record_id = s.record_id and ${distinct}`,
        );
        added = await session.execute(
          `insert into ${target} (country, ${list}) select $1, ${list} from records_stage s
            where not exists (select 1 from ${target} t where t.record_id = s.record_id)`,
          [country],
        );
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
