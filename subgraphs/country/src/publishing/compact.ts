import type { SqlSession } from '@migfed/subgraph-kit';
import { CELL_COLUMNS, CELL_INDEX_COLUMNS, countryPartition } from '../db/partitions.js';
import { ident } from './sql-text.js';

/** Above this many partitions of published releases, a member's smaller ones are merged into one. */
export const MAX_PUBLISHED_PARTITIONS = 8;

interface PartitionInfo {
  name: string;
  ids: number[];
  rows: number;
}

/**
 * Keeps the number of a member's partitions bounded: a read plans every partition of its member,
 * so a member that had published a release a month for ten years would plan 120. When more than
 * MAX_PUBLISHED_PARTITIONS hold only releases past their embargo, all of them but the largest are copied
 * into one new partition (one COPY-like insert, one index build) that takes their place, listing
 * their release ids. Rows keep their release, so every version and its time stay as they were:
 * only the physical layout changes. Drafts are never touched. Returns how many partitions merged.
 */
export async function compactPublished(session: SqlSession, country: string): Promise<number> {
  const parent = `country.${ident(countryPartition(country))}`;
  // Sizes from the statistics (published partitions are analyzed when published or merged).
  const partitions = await session.query<{ name: string; bound: string; rows: number }>(
    `select c.relname as name, pg_get_expr(c.relpartbound, c.oid) as bound, greatest(c.reltuples, 0)::float8 as rows
       from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = to_regclass($1)`,
    [parent],
  );
  const published = new Set(
    // Only releases readers can see: a scheduled one keeps its own partition until it is visible, so
    // a cancel (back to a draft) leaves nothing of it in a shared partition.
    (
      await session.query<{ id: number }>(
        `select id from country.releases where country = $1 and status = 'published' and visible_from <= now()`,
        [country],
      )
    ).map((r) => r.id),
  );
  const candidates: PartitionInfo[] = [];
  for (const p of partitions) {
    const ids = [...p.bound.matchAll(/\d+/g)].map((m) => Number(m[0]));
    if (ids.length === 0 || !ids.every((id) => published.has(id))) continue;
    candidates.push({ name: p.name, ids, rows: Number(p.rows) });
  }
  if (candidates.length <= MAX_PUBLISHED_PARTITIONS) return 0;
  // The largest stays (typically a first load, or an earlier merge): each merge copies the rest only.
  candidates.sort((a, b) => b.rows - a.rows);
  const merging = candidates.slice(1);
  const ids = merging.flatMap((p) => p.ids).sort((a, b) => a - b);
  const name = `${countryPartition(country)}_to_r${ids.at(-1)}`;
  const table = `country.${ident(name)}`;
  const code = country.replace(/[^A-Z]/g, '');
  // Built while readers go on reading the partitions it replaces; they are swapped at the end.
  await session.query(`create table ${table} (like country.observations including defaults)`);
  await session.query(
    `alter table ${table} add constraint ${ident(`${name}_releases`)} check (country = '${code}' and release_id in (${ids.join(', ')}))`,
  );
  await session.execute(
    `insert into ${table} (${CELL_COLUMNS}) ${merging.map((p) => `select ${CELL_COLUMNS} from country.${ident(p.name)}`).join(' union all ')}`,
  );
  await session.query(`create unique index ${ident(`${name}_cell_uq`)} on ${table} (${CELL_INDEX_COLUMNS})`);
  await session.query(`analyze ${table}`);
  for (const p of merging) await session.query(`drop table country.${ident(p.name)}`);
  await session.query(`alter table ${parent} attach partition ${table} for values in (${ids.join(', ')})`);
  return merging.length;
}
