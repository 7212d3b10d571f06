import { readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { loadCatalog } from '@migfed/schema';
import type { DbHandle } from '@migfed/subgraph-kit';
import { readHeader, readRecords } from './csv.js';
import { type ImportCommonOptions, type ImportResult, loadRelease, type RawTable, type ReleaseRow, type TableSource } from './load.js';
import { ImportError } from './problems.js';
import { checkLabel, checkPublishedOn, checksumOf, labelFromFolder, publishedOnFromLabel } from './release.js';
import { detectLayout, missingColumns, type TableLayout, UNHCR_LAYOUTS, UNHCR_SQL } from './unhcr-tables.js';

export interface UnhcrImportOptions extends ImportCommonOptions {
  /** A folder of UNHCR CSV files (API columns or the Refugee Data Finder download). */
  folder: string;
  /** Release label; default: the folder's name (`…/2025.12.1` → `2025.12.1`). */
  release?: string;
}

const layoutName = (l: TableLayout) => (l.layout === 'api' ? 'UNHCR API columns' : 'Refugee Data Finder download');
const PROVIDER_TABLES = Object.values(UNHCR_SQL).map((t) => t.name);

function isTerritory(): (iso3: string) => boolean {
  const catalog = loadCatalog();
  return (iso3) => catalog.territory(iso3) !== undefined;
}

/** Recognises each table by its header; tables that are not UNHCR statistics are listed as ignored. */
export function unhcrSources(tables: readonly RawTable[]): { sources: TableSource[]; ignored: ImportResult['ignored'] } {
  const territory = isTerritory();
  const sources: TableSource[] = [];
  const ignored: ImportResult['ignored'] = [];
  for (const { name, header, records } of tables) {
    const layout = detectLayout(header);
    if (!layout) {
      const near = missingColumns(header);
      if (near)
        throw new ImportError(
          `${name}: looks like UNHCR ${near.layout.table} (${layoutName(near.layout)}) but the header lacks ${near.missing.join(', ')}`,
        );
      ignored.push({ file: name, why: `not a UNHCR statistics table (header: ${header.slice(0, 4).join(', ')}, …)` });
      continue;
    }
    const twin = sources.find((s) => s.table === layout.table);
    if (twin) throw new ImportError(`${twin.name} and ${name} both hold UNHCR ${layout.table}; import them as separate releases`);
    const sql = UNHCR_SQL[layout.table];
    sources.push({
      name,
      header,
      records,
      table: layout.table,
      layout: layoutName(layout),
      sqlTable: sql.name,
      sqlColumns: sql.columns,
      read: (r) => layout.read(r, territory),
    });
  }
  if (sources.length === 0) {
    const known = [...new Set(UNHCR_LAYOUTS.map((l) => l.table))].join(', ');
    throw new ImportError(
      `no UNHCR statistics table among ${tables.map((t) => t.name).join(', ') || 'no files'}; expected ${known} with UNHCR API or Refugee Data Finder columns`,
    );
  }
  return { sources, ignored };
}

/** Loads recognised UNHCR tables as one release (files or the demo's generated tables). */
export async function importUnhcrTables(
  handle: DbHandle,
  meta: Omit<ReleaseRow, 'provider'>,
  tables: readonly RawTable[],
  options: Omit<ImportCommonOptions, 'publishedOn'> = {},
): Promise<ImportResult> {
  const started = performance.now();
  const { sources, ignored } = unhcrSources(tables);
  const release: ReleaseRow = { provider: 'unhcr', ...meta };
  const load = await loadRelease(handle, { release, tables: sources, providerTables: PROVIDER_TABLES, ...options });
  return { release, load, ignored, ms: performance.now() - started };
}

/**
 * `migfed unhcr import <folder>`: every UNHCR table in the folder as one release, recognised by its
 * header (applications, decisions, population, demographics; API or download layout), loaded in
 * one transaction with COPY. Importing identical files again changes nothing.
 */
export async function importUnhcr(handle: DbHandle, options: UnhcrImportOptions): Promise<ImportResult> {
  const folder = resolve(options.folder);
  if (!statSync(folder, { throwIfNoEntry: false })?.isDirectory()) throw new ImportError(`${options.folder}: not a folder`);
  const label = options.release ? checkLabel(options.release) : labelFromFolder(folder);
  const files = readdirSync(folder)
    .filter((f) => f.toLowerCase().endsWith('.csv'))
    .sort()
    .map((f) => join(folder, f));
  if (files.length === 0) throw new ImportError(`${options.folder}: no .csv files in the folder`);
  const tables = await Promise.all(
    files.map(async (file) => ({ name: basename(file), header: await readHeader(file), records: () => readRecords(file) })),
  );
  const { progress, allowRejects } = options;
  return importUnhcrTables(
    handle,
    {
      label,
      source: `UNHCR Refugee Population Statistics, release ${label} (CC BY 4.0, © UNHCR)`,
      demo: false,
      publishedOn: options.publishedOn ? checkPublishedOn(options.publishedOn) : publishedOnFromLabel(label),
      checksum: await checksumOf(files),
    },
    tables,
    { ...(progress ? { progress } : {}), ...(allowRejects !== undefined ? { allowRejects } : {}) },
  );
}
