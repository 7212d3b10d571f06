import type { Readable, Transform } from 'node:stream';
import { type Catalog, partitionsOf } from '@migfed/schema';
import type { SqlSession } from '@migfed/subgraph-kit';
import type { FileLayout } from './header.js';
import type { Problem } from './problems.js';
import { RecordScanner } from './records.js';
import { dimColumn, lit } from './sql-text.js';

/** Catalog facts the SQL checks join against, as temporary tables of this transaction. */
async function loadCatalogTables(session: SqlSession, catalog: Catalog): Promise<void> {
  await session.query(`create temp table cat_ind (code text primary key, frequency text, dims text[], threshold int) on commit drop`);
  await session.query(`create temp table cat_code (dimension text, code text, primary key (dimension, code)) on commit drop`);
  await session.query(`create temp table cat_partition (dimension text, part text, code text, exclusive boolean) on commit drop`);
  await session.query(`insert into cat_ind select * from jsonb_to_recordset($1::jsonb) as x(code text, frequency text, dims text[], threshold int)`, [
    JSON.stringify(catalog.indicators.map((i) => ({ code: i.code, frequency: i.frequency, dims: i.dimensions, threshold: i.smallCountThreshold }))),
  ]);
  const codes: { dimension: string; code: string }[] = [];
  const parts: { dimension: string; part: string; code: string; exclusive: boolean }[] = [];
  const lists = [...catalog.dimensions.values()].map((d) => [d.id, catalog.codelists.get(d.codelist)] as const);
  lists.push(['OBS_STATUS', catalog.codelists.get('OBS_STATUS')], ['CONF_STATUS', catalog.codelists.get('CONF_STATUS')]);
  for (const [dimension, list] of lists) {
    if (!list) continue;
    for (const c of list.codes) codes.push({ dimension, code: c.id });
    const partitions = Object.entries(partitionsOf(list));
    for (const [part, members] of partitions) {
      for (const code of members) {
        const exclusive = partitions.every(([other, m]) => other === part || !m.includes(code));
        parts.push({ dimension, part, code, exclusive });
      }
    }
  }
  await session.query(`insert into cat_code select * from jsonb_to_recordset($1::jsonb) as x(dimension text, code text)`, [JSON.stringify(codes)]);
  await session.query(`insert into cat_partition select * from jsonb_to_recordset($1::jsonb) as x(dimension text, part text, code text, exclusive boolean)`, [JSON.stringify(parts)]);
}

export interface Staged {
  rows: number;
  /** Rows that could not be split into the header's columns (reported, left out of the checks). */
  problems: Problem[];
  malformedLines: number[];
}

/**
 * Streams the rows into `stg_raw` with COPY (PostgreSQL's own CSV parser; JavaScript only splits
 * records, see RecordScanner), then derives `stg`: one typed row per line with the code of every
 * dimension the file has, ready for the set-wise checks and the merge.
 */
export async function stageFile(session: SqlSession, layout: FileLayout, rows: Readable, catalog: Catalog, ...before: Transform[]): Promise<Staged> {
  const raw = layout.columns.map((_, i) => `c${i} text`).join(', ');
  await session.query(`create temp table stg_raw (line int, ${raw}) on commit drop`);
  const list = layout.columns.map((_, i) => `c${i}`).join(', ');
  const scanner = new RecordScanner(layout.delimiter.charCodeAt(0), layout.columns.length);
  await session.copyFrom(`COPY stg_raw (line, ${list}) FROM STDIN WITH (FORMAT csv, DELIMITER ${lit(layout.delimiter)})`, rows, ...before, scanner);
  await loadCatalogTables(session, catalog);

  const col = (name: string) => (layout.index.has(name) ? `nullif(trim(r.c${layout.index.get(name)}), '')` : 'null');
  // Only the dimensions the file has get a column; every other dimension is its total `_T`.
  const dims = layout.dimensions.map((d) => `coalesce(${col(d)}, '_T') as ${dimColumn(d)}`);
  await session.query(`create temp table stg on commit drop as
    select r.line,
      ${col('INDICATOR')} as indicator, coalesce(${col('TIME_PERIOD')}, '') as period,
      coalesce(${col('OBS_VALUE')}, '') as value_raw,
      case when ${col('OBS_VALUE')} ~ '^-?[0-9]{1,15}(\\.[0-9]{1,6})?$' then ${col('OBS_VALUE')}::double precision end as value_num,
      coalesce(upper(${col('OBS_STATUS')}), 'A') as obs_status, coalesce(upper(${col('CONF_STATUS')}), 'F') as conf_status,
      upper(${col('ACTION')}) as action, upper(${col('REF_AREA')}) as ref_area, upper(${col('FREQ')}) as freq
      ${dims.map((d) => `, ${d}`).join('')}
    from stg_raw r`);
  const [count] = await session.query<{ n: number }>(`select count(*)::int as n from stg`);
  return { rows: count?.n ?? 0, problems: scanner.problems, malformedLines: scanner.malformedLines };
}

