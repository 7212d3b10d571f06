import type { Readable, Transform } from 'node:stream';
import { type Catalog, partitionsOf } from '@migfed/schema';
import type { SqlSession } from '@migfed/subgraph-kit';
import type { FileLayout } from './header.js';
import type { Problem } from './problems.js';
import { CellShaper, OPTIONAL_COLUMNS, STAGED_COLUMNS } from './records.js';
import { ident } from './sql-text.js';

/** The staging table: shaped like a release partition of country.observations, plus what the checks need. */
export interface Staged {
  /** Schema-qualified, quoted name. */
  table: string;
  /** Its bare name. */
  name: string;
  country: string;
  releaseId: number;
  rows: number;
  /** Rows that could not be split into the header's columns (reported, not staged). */
  /** The first rows with the wrong number of fields, and how many there are in all. */
  problems: Problem[];
  malformed: number;
  /** Columns that exist only for the checks, dropped before the table becomes a partition. */
  checkColumns: string[];
}

/**
 * Creates the table an import COPYs into. It is created like a partition of country.observations
 * for `releaseId` (country and release as defaults, a CHECK that lets ATTACH PARTITION skip its
 * scan), in this transaction, so COPY can FREEZE its rows and a failed import leaves nothing.
 */
export async function createStaging(
  session: SqlSession,
  layout: FileLayout,
  country: string,
  releaseId: number,
  name: string,
): Promise<Staged> {
  const table = `country.${ident(name)}`;
  const id = Math.trunc(releaseId);
  const optional = OPTIONAL_COLUMNS.filter((c) => layout.index.has(c)).map((c) => c.toLowerCase());
  await session.query(`create table ${table} (like country.observations including defaults)`);
  const code = country.replace(/[^A-Z]/g, '');
  await session.query(
    `alter table ${table} alter column country set default '${code}', alter column release_id set default ${id},
       add constraint ${ident(`${name}_release`)} check (release_id = ${id} and country = '${code}'),
       add column line int, add column value_raw text, add column extra text${optional.map((c) => `, add column ${c} text`).join('')}`,
  );
  return {
    table,
    name,
    country: code,
    releaseId: id,
    rows: 0,
    problems: [],
    malformed: 0,
    checkColumns: ['line', 'value_raw', 'extra', ...optional],
  };
}

/**
 * Streams the file's rows into the staging table with COPY … FREEZE (the table is new in this
 * transaction): CellShaper splits each record and derives the series key on the way, PostgreSQL
 * parses the rows. Memory holds one chunk at a time, whatever the file's size.
 */
export async function stageFile(
  session: SqlSession,
  staged: Staged,
  layout: FileLayout,
  rows: Readable,
  catalog: Catalog,
  ...before: Transform[]
): Promise<Staged> {
  const shaper = new CellShaper(layout, catalog);
  const columns = [...STAGED_COLUMNS, ...OPTIONAL_COLUMNS.filter((c) => layout.index.has(c)).map((c) => c.toLowerCase())];
  await session.copyFrom(`COPY ${staged.table} (${columns.join(', ')}) FROM STDIN WITH (FORMAT csv, FREEZE)`, rows, ...before, shaper);
  return { ...staged, rows: shaper.rows, problems: shaper.problems, malformed: shaper.malformedRows };
}

/** How the codes of each dimension add up (codelist partitions), for the additivity warnings. */
export async function loadPartitions(session: SqlSession, catalog: Catalog): Promise<void> {
  await session.query(`create temp table cat_partition (dimension text, part text, code text, exclusive boolean) on commit drop`);
  const parts: { dimension: string; part: string; code: string; exclusive: boolean }[] = [];
  for (const d of catalog.dimensions.values()) {
    const list = catalog.codelists.get(d.codelist);
    if (!list) continue;
    const partitions = Object.entries(partitionsOf(list));
    for (const [part, members] of partitions) {
      for (const code of members) {
        const exclusive = partitions.every(([other, m]) => other === part || !m.includes(code));
        parts.push({ dimension: d.id, part, code, exclusive });
      }
    }
  }
  await session.query(
    `insert into cat_partition select * from jsonb_to_recordset($1::jsonb) as x(dimension text, part text, code text, exclusive boolean)`,
    [JSON.stringify(parts)],
  );
}
