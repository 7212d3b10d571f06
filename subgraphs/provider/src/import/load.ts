import type { DbHandle, SqlSession } from '@migfed/subgraph-kit';
import { type CsvRecord, toCopyLine } from './csv.js';
import type { Problem } from './problems.js';
import { RowReader } from './row-reader.js';

/** One file (or generated table) to load into one table. */
export interface TableSource {
  /** The file's name, as messages show it. */
  name: string;
  /** `row` when the records are a spreadsheet's rows (messages say "row 12", not "line 12"). */
  lineWord?: 'line' | 'row';
  header: readonly string[];
  /** The records after the header, streamed. */
  records: () => AsyncIterable<CsvRecord>;
  /** What the table holds, for the summary (`applications`, `migrant stock`). */
  table: string;
  /** Describes the file's layout for the summary (`API columns`, `Refugee Data Finder download`). */
  layout: string;
  sqlTable: string;
  /** Columns after `release`, in the order `read` returns them. */
  sqlColumns: readonly string[];
  /**
   * The row's values, or several rows (`{ rows }`: a wide record holding many figures), or why it
   * is skipped (not an error: e.g. a regional aggregate).
   */
  read(r: RowReader): unknown[] | { rows: unknown[][] } | { skip: string; example?: string };
}

export interface TableStats {
  file: string;
  table: string;
  layout: string;
  read: number;
  loaded: number;
  /** Rows deliberately not loaded, by reason, with a few examples each. */
  skipped: Map<string, { count: number; examples: string[] }>;
  rejected: number;
  rejectedByReason: Map<string, number>;
  /** The first rejected rows, with file, line and column. */
  examples: Problem[];
  ms: number;
}

export interface ReleaseRow {
  provider: string;
  label: string;
  source: string;
  demo: boolean;
  publishedOn: string | null;
  checksum: string;
}

export interface LoadOptions {
  release: ReleaseRow;
  tables: readonly TableSource[];
  /** Every table of the provider: a release is replaced whole, even tables this import lacks. */
  providerTables: readonly string[];
  /** Load the valid rows even when some are rejected (default: any rejected row aborts, nothing written). */
  allowRejects?: boolean;
  progress?: (line: string) => void;
}

export type LoadOutcome = { outcome: 'unchanged' } | { outcome: 'loaded' | 'replaced'; stats: TableStats[] };

export interface ImportCommonOptions {
  /** YYYY-MM-DD; default: read from a label like `2025.12.1`, else unknown. */
  publishedOn?: string;
  /** Load the valid rows even when some are rejected (default: a rejected row aborts, nothing written). */
  allowRejects?: boolean;
  progress?: (line: string) => void;
}

export interface ImportResult {
  release: ReleaseRow;
  load: LoadOutcome;
  /** Files in the folder that are not statistics tables (e.g. countries.csv), with why. */
  ignored: { file: string; why: string }[];
  ms: number;
}

/** A table to import: a CSV file's header and a way to stream its records. */
export interface RawTable {
  name: string;
  header: string[];
  records: () => AsyncIterable<CsvRecord>;
}

/** Thrown inside the transaction when rows were rejected and rejects are not allowed: nothing is written. */
export class RowsRejected extends Error {
  override name = 'RowsRejected';
  constructor(readonly stats: TableStats[]) {
    super(`${stats.reduce((n, s) => n + s.rejected, 0)} rows rejected; nothing was imported`);
  }
}

const EXAMPLES = 20;
const PROGRESS_EVERY = 25_000;
const CHUNK_CHARS = 256 * 1024;

async function copyTable(s: SqlSession, t: TableSource, label: string, progress: (line: string) => void): Promise<TableStats> {
  const started = performance.now();
  const name = t.name;
  const index = new Map(t.header.map((c, i) => [c, i]));
  const stats: TableStats = {
    file: name,
    table: t.table,
    layout: t.layout,
    read: 0,
    loaded: 0,
    skipped: new Map(),
    rejected: 0,
    rejectedByReason: new Map(),
    examples: [],
    ms: 0,
  };
  async function* lines(): AsyncGenerator<string> {
    let chunk = '';
    for await (const { line, cells } of t.records()) {
      stats.read += 1;
      if (stats.read % PROGRESS_EVERY === 0) progress(`  ${name}: ${stats.read.toLocaleString('en')} rows…`);
      const reader = new RowReader(name, line, cells, index, t.lineWord);
      const values = t.read(reader);
      if (reader.problem) {
        stats.rejected += 1;
        stats.rejectedByReason.set(reader.problem.reason, (stats.rejectedByReason.get(reader.problem.reason) ?? 0) + 1);
        if (stats.examples.length < EXAMPLES) stats.examples.push(reader.problem);
      } else if (!Array.isArray(values) && 'skip' in values) {
        const skip = stats.skipped.get(values.skip) ?? { count: 0, examples: [] };
        skip.count += 1;
        if (values.example && skip.examples.length < 5 && !skip.examples.includes(values.example)) skip.examples.push(values.example);
        stats.skipped.set(values.skip, skip);
      } else {
        for (const row of Array.isArray(values) ? [values] : values.rows) chunk += toCopyLine([label, ...row]);
        stats.loaded += 1;
        if (chunk.length >= CHUNK_CHARS) {
          yield chunk;
          chunk = '';
        }
      }
    }
    if (chunk) yield chunk;
  }
  await s.copyFrom(`COPY ${t.sqlTable} (release, ${t.sqlColumns.join(', ')}) FROM STDIN WITH (FORMAT csv)`, lines());
  stats.ms = performance.now() - started;
  progress(
    `  ${name} → ${t.table} (${t.layout}): ${stats.read.toLocaleString('en')} read, ${stats.loaded.toLocaleString('en')} loaded in ${(stats.ms / 1000).toFixed(1)} s`,
  );
  return stats;
}

/**
 * Loads one release in ONE transaction: the release's earlier rows are deleted, every file is
 * streamed through COPY, and the release row is written last. Any failure (or a rejected row,
 * unless allowed) rolls everything back. Identical files (same checksum) change nothing at all.
 */
export async function loadRelease(handle: DbHandle, options: LoadOptions): Promise<LoadOutcome> {
  const { release, progress = () => {} } = options;
  return handle.transaction(async (s) => {
    // Two imports of one release at once would each delete only what they can see, then both load.
    await s.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`provider release ${release.provider}/${release.label}`]);
    const [existing] = await s.query<{ checksum: string }>('SELECT checksum FROM provider.releases WHERE provider = $1 AND label = $2', [
      release.provider,
      release.label,
    ]);
    if (existing?.checksum === release.checksum) return { outcome: 'unchanged' as const };
    for (const table of options.providerTables) await s.query(`DELETE FROM ${table} WHERE release = $1`, [release.label]);
    const stats: TableStats[] = [];
    for (const t of options.tables) stats.push(await copyTable(s, t, release.label, progress));
    if (!options.allowRejects && stats.some((t) => t.rejected > 0)) throw new RowsRejected(stats);
    const counts = Object.fromEntries(stats.map((t) => [t.table, t.loaded]));
    await s.query(
      `INSERT INTO provider.releases (provider, label, source, demo, published_on, checksum, row_counts, imported_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, now())
       ON CONFLICT (provider, label) DO UPDATE SET source = excluded.source, demo = excluded.demo, published_on = excluded.published_on,
         checksum = excluded.checksum, row_counts = excluded.row_counts, imported_at = excluded.imported_at`,
      [release.provider, release.label, release.source, release.demo, release.publishedOn, release.checksum, JSON.stringify(counts)],
    );
    return { outcome: existing ? ('replaced' as const) : ('loaded' as const), stats };
  });
}
