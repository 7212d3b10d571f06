import { statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { loadCatalog } from '@migfed/schema';
import type { DbHandle } from '@migfed/subgraph-kit';
import { readHeader, readRecords } from './csv.js';
import { type ImportCommonOptions, type ImportResult, loadRelease, type RawTable, type ReleaseRow } from './load.js';
import { ImportError } from './problems.js';
import type { RowReader } from './row-reader.js';
import { checkLabel, checkPublishedOn, checksumOf } from './release.js';
import { isOdLong, longSource, odTables, readOdLayout, workbookSource } from './undesa-od.js';

export interface UndesaImportOptions extends ImportCommonOptions {
  /**
   * International Migrant Stock by destination in long form (`ims2020_table1_long.csv`), or the
   * origin–destination workbook as UN DESA publishes it
   * (`undesa_pd_2020_ims_stock_by_sex_destination_and_origin.xlsx`, sheet "Table 1").
   */
  file: string;
  /** Release label; default from the file name (`ims2020_…`, `undesa_pd_2020_ims_…` → `IMS2020`). */
  release?: string;
}

const PROVIDER_TABLES = ['provider.undesa_migrant_stock', 'provider.undesa_migrant_stock_by_origin'];
const REQUIRED = ['location_code', 'name', 'type_of_data', 'sex', 'year', 'value'];
const COLUMNS = ['destination', 'm49', 'location_name', 'year', 'sex', 'type_of_data', 'notes', 'value'];
const TYPES_OF_DATA = new Set(['B', 'C', 'R', 'I']);
const NOT_A_TERRITORY = 'the M49 code is not an ISO 3166-1 territory (a region, a group of countries or an area without an alpha-3 code)';

function labelFromFile(file: string): string {
  const m = /ims[_-]?(\d{4})|(\d{4})[_-]ims/i.exec(basename(file));
  if (!m) throw new ImportError(`${basename(file)}: cannot tell the release from the file name; give --release (e.g. IMS2020)`);
  return `IMS${m[1] ?? m[2]}`;
}

/** One row: M49 → ISO3 through the catalog's territories; aggregates are skipped, not rejected. */
function readRow(r: RowReader, iso3ByM49: ReadonlyMap<string, string>): unknown[] | { skip: string; example?: string } {
  const code = r.matching('location_code', /^\d{1,4}$/, 'an M49 code');
  const name = r.requiredText('name');
  if (r.problem) return [];
  const m49 = code.padStart(3, '0');
  const iso3 = iso3ByM49.get(m49);
  if (!iso3) return { skip: NOT_A_TERRITORY, example: `${code} ${name}` };
  const typeOfData = r.text('type_of_data').split(/\s+/).filter(Boolean);
  if (typeOfData.some((t) => !TYPES_OF_DATA.has(t))) {
    r.reject('type_of_data', `"${r.text('type_of_data')}" has a code other than B, C, R, I`, 'not B, C, R or I');
  }
  return [
    iso3,
    m49,
    name,
    r.year('year'),
    r.oneOf('sex', ['_T', 'F', 'M']),
    typeOfData.join(' '),
    r.optionalText('notes'),
    r.optionalCount('value', ['..']),
  ];
}

/** ISO3 by M49 code (three digits) for the catalog's territories. */
function territoriesByM49(): Map<string, string> {
  return new Map(
    loadCatalog()
      .territories.filter((t) => t.m49)
      .map((t) => [t.m49!, t.iso3]),
  );
}

/**
 * Loads migrant stock in the long layout as one release (a file or the demo's generated rows),
 * with `byOrigin`, an origin–destination table in long form, beside it in the same release.
 */
export async function importUndesaTable(
  handle: DbHandle,
  meta: Omit<ReleaseRow, 'provider'>,
  table: RawTable,
  options: Omit<ImportCommonOptions, 'publishedOn'> = {},
  byOrigin?: RawTable,
): Promise<ImportResult> {
  const started = performance.now();
  const missing = REQUIRED.filter((c) => !table.header.includes(c));
  if (missing.length > 0)
    throw new ImportError(`${table.name}: not UN DESA migrant stock in long form; the header lacks ${missing.join(', ')}`);
  const iso3ByM49 = territoriesByM49();
  const release: ReleaseRow = { provider: 'undesa', ...meta };
  const load = await loadRelease(handle, {
    release,
    tables: [
      {
        ...table,
        table: 'migrant stock',
        layout: 'IMS table 1, long form',
        sqlTable: 'provider.undesa_migrant_stock',
        sqlColumns: COLUMNS,
        read: (r) => readRow(r, iso3ByM49),
      },
      // Its pairs only: the destinations' totals are the table above.
      ...(byOrigin
        ? odTables(longSource(byOrigin.name, byOrigin.header, byOrigin.records), iso3ByM49, (r) => readRow(r, iso3ByM49)).slice(0, 1)
        : []),
    ],
    providerTables: PROVIDER_TABLES,
    ...options,
  });
  return { release, load, ignored: [], ms: performance.now() - started };
}

/**
 * `migfed undesa import <file>`: UN DESA migrant stock as one release. The layout is told from the
 * file: an .xlsx workbook is the origin–destination table (which holds each destination's total
 * too, in its rows of origin WORLD); a CSV file with `origin_code` is the same table in long form;
 * another CSV file is the by-destination table in long form.
 */
export async function importUndesa(handle: DbHandle, options: UndesaImportOptions): Promise<ImportResult> {
  const file = resolve(options.file);
  if (!statSync(file, { throwIfNoEntry: false })?.isFile()) throw new ImportError(`${options.file}: no such file`);
  const label = checkLabel(options.release ?? labelFromFile(file));
  const { progress, allowRejects } = options;
  const meta = {
    label,
    source: `UN DESA International Migrant Stock, release ${label} (CC BY 3.0 IGO)`,
    demo: false,
    publishedOn: options.publishedOn ? checkPublishedOn(options.publishedOn) : null,
    checksum: await checksumOf([file]),
  };
  const common = { ...(progress ? { progress } : {}), ...(allowRejects !== undefined ? { allowRejects } : {}) };
  const name = basename(file);
  if (/\.xls$/i.test(file)) throw new ImportError(`${name}: an Excel 97–2003 workbook; save it as .xlsx (Excel Workbook) and import that`);
  const xlsx = /\.xlsx$/i.test(file);
  const header = xlsx ? [] : await readHeader(file);
  if (!xlsx && !isOdLong(header)) return importUndesaTable(handle, meta, { name, header, records: () => readRecords(file) }, common);
  const started = performance.now();
  const source = xlsx ? workbookSource(file, await readOdLayout(file)) : longSource(name, header, () => readRecords(file));
  const iso3ByM49 = territoriesByM49();
  const release: ReleaseRow = { provider: 'undesa', ...meta };
  const tables = odTables(source, iso3ByM49, (r) => readRow(r, iso3ByM49));
  const load = await loadRelease(handle, { release, tables, providerTables: PROVIDER_TABLES, ...common });
  return { release, load, ignored: [], ms: performance.now() - started };
}
