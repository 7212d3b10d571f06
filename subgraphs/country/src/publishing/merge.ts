import type { Catalog } from '@migfed/schema';
import type { SqlSession } from '@migfed/subgraph-kit';
import { CELL_COLUMNS, CELL_INDEX_COLUMNS, countryPartition, releasePartition } from '../db/partitions.js';
import { markPrimary } from '../disclosure/apply.js';
import { ident } from './sql-text.js';
import type { Staged } from './staging.js';

/** A file this small against a draft ten times its size is applied in place (a small edit, setObservation). */
const SMALL_EDIT_ROWS = 10_000;

async function isSmallEdit(session: SqlSession, staged: Staged, partition: string): Promise<boolean> {
  if (staged.rows > SMALL_EDIT_ROWS) return false;
  const [draft] = await session.query<{ n: number }>(`select count(*)::int as n from country.${ident(partition)}`);
  return staged.rows * 10 <= (draft?.n ?? 0);
}

/**
 * A small edit to a large draft: its cells are replaced in the draft's partition row by row
 * (cheap for a few cells; rebuilding the partition would copy all of its cells), and the staging
 * table goes. A cell given twice in the file fails the partition's unique index.
 */
async function editInPlace(session: SqlSession, staged: Staged, partition: string): Promise<number | typeof DUPLICATE_CELLS> {
  const target = `country.${ident(partition)}`;
  await session.query('savepoint small_edit');
  try {
    await session.execute(
      `delete from ${target} o using ${staged.table} s where o.series_key = s.series_key and o.period = s.period and o.indicator = s.indicator`,
    );
    await session.execute(`insert into ${target} (${CELL_COLUMNS}) select ${CELL_COLUMNS} from ${staged.table}`);
  } catch (err) {
    if ((err as { code?: string }).code !== '23505') throw err;
    await session.query('rollback to savepoint small_edit');
    return DUPLICATE_CELLS;
  }
  await session.query('release savepoint small_edit');
  await session.query(`drop table ${staged.table}`);
  return staged.rows;
}

/** Returned when building the release index finds a cell given twice (unique violation). */
export const DUPLICATE_CELLS = Symbol('duplicate cells');

/**
 * Turns the staged table into the draft release's partition, set-wise: cells below the
 * indicator's small-count threshold are marked CONF_STATUS A (their value is then withheld),
 * cells of the draft the file does not repeat are carried over (a re-import into a draft replaces
 * only the cells it has), the unique index is built in one sort, the check columns go, and the
 * table takes the place of the draft's partition (a small edit to a large draft is applied in
 * place instead, see editInPlace). Published releases are never touched. The rest of the
 * disclosure rule (protectDraft) runs once the import's withdrawals are recorded too, since it
 * looks at the tables as they will be published.
 */
export async function mergeIntoDraft(
  session: SqlSession,
  catalog: Catalog,
  staged: Staged,
  indicators: readonly string[],
): Promise<number | typeof DUPLICATE_CELLS> {
  await markPrimary(session, staged.table, catalog, indicators);
  const partition = releasePartition(staged.releaseId);
  const parent = `country.${ident(countryPartition(staged.country))}`;
  const [existing] = await session.query<{ name: string }>(
    `select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = $1::regclass and c.relname = $2`,
    [parent, partition],
  );
  if (existing && (await isSmallEdit(session, staged, partition))) {
    return editInPlace(session, staged, partition);
  }
  if (existing) {
    await session.execute(
      `insert into ${staged.table} (${CELL_COLUMNS}) select ${CELL_COLUMNS}
         from country.${ident(partition)} o
        where not exists (select 1 from ${staged.table} s where s.series_key = o.series_key and s.indicator = o.indicator and s.period = o.period)`,
    );
  }
  // The index a partition of country.observations needs, built once over all rows (a sort), and
  // the check that every cell is there once: a duplicate fails it, and the caller reports it.
  await session.query('savepoint release_index');
  try {
    await session.query(`create unique index ${ident(`${staged.name}_cell_uq`)} on ${staged.table} (${CELL_INDEX_COLUMNS})`);
  } catch (err) {
    if ((err as { code?: string }).code !== '23505') throw err;
    await session.query('rollback to savepoint release_index');
    return DUPLICATE_CELLS;
  }
  await session.query('release savepoint release_index');
  await session.query(`alter table ${staged.table} ${staged.checkColumns.map((c) => `drop column ${ident(c)}`).join(', ')}`);
  if (existing) await session.query(`drop table country.${ident(partition)}`);
  if (staged.name !== partition) {
    await session.query(`alter table ${staged.table} rename to ${ident(partition)}`);
    await session.query(`alter index country.${ident(`${staged.name}_cell_uq`)} rename to ${ident(`${partition}_cell_uq`)}`);
  }
  // The CHECK on release and country lets PostgreSQL attach without scanning the rows.
  await session.query(`alter table ${parent} attach partition country.${ident(partition)} for values in (${staged.releaseId})`);
  return staged.rows;
}
