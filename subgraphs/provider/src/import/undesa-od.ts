import { basename } from 'node:path';
import type { CsvRecord } from './csv.js';
import type { TableSource } from './load.js';
import { ImportError } from './problems.js';
import type { RowReader } from './row-reader.js';
import { columnLetter, type SheetRow, sheetRows } from './workbook.js';

/** The sheet of UN DESA's origin–destination workbook that holds the table (both revisions). */
export const OD_SHEET = 'Table 1';

/** The published headings, as compared: lower case, one space between words. */
const HEADINGS = {
  destinationName: 'region, development group, country or area of destination',
  destinationNotes: 'notes of destination',
  destinationCode: 'location code of destination',
  typeOfData: 'type of data of destination',
  originName: 'region, development group, country or area of origin',
  originCode: 'location code of origin',
} as const;
type Heading = keyof typeof HEADINGS;
/** The type of data may be left out (then loaded as none given); everything else here is needed. */
const REQUIRED: readonly Heading[] = ['destinationName', 'destinationCode', 'originCode'];

/** The title and notes rows above the header: the header is looked for among this many first rows. */
const HEADER_WITHIN = 40;
const WORLD = '900';
const TYPES_OF_DATA = new Set(['B', 'C', 'R', 'I']);
/** What UN DESA writes in a cell without a figure (besides leaving it empty). */
const NO_FIGURE = ['..', '-'];
const SEX_WORDS: Record<string, string> = { _T: 'both sexes', M: 'males', F: 'females' };

const normalise = (text: string) => text.toLowerCase().replace(/\s+/g, ' ').trim();

/** A column of figures: one year for one sex. */
interface FigureColumn {
  index: number;
  name: string;
  year: number;
  sex: string;
}

/** Where the published table's columns are in this workbook, and the header names messages use. */
export interface OdLayout {
  file: string;
  /** The sheet row of the header (the records start below it). */
  headerRow: number;
  /** One name per column, as messages show it: `D (Location code of destination)`, `N (2020, males)`. */
  header: string[];
  columns: Partial<Record<Heading, string>>;
  figures: FigureColumn[];
}

/** Which sex a block heading names (`…, both sexes combined`, `… males`, `… females`), if any. */
function sexOf(text: string): string | null {
  const t = normalise(text);
  if (/\bfemales?\b/.test(t)) return 'F';
  if (/\bmales?\b/.test(t)) return 'M';
  if (/\bboth sexes\b/.test(t)) return '_T';
  return null;
}

/**
 * Finds the header row (the one with both location codes) and which sex each year column holds:
 * from the block headings in the rows above (a merged heading counts for every column it spans),
 * else from the order UN DESA publishes the blocks in (both sexes, males, females).
 */
export async function readOdLayout(path: string): Promise<OdLayout> {
  const file = basename(path);
  const above: SheetRow[] = [];
  let header: SheetRow | undefined;
  for await (const row of sheetRows(path, OD_SHEET)) {
    const cells = row.cells.map(normalise);
    if (cells.includes(HEADINGS.destinationCode) && cells.includes(HEADINGS.originCode)) {
      header = row;
      break;
    }
    above.push(row);
    if (row.number >= HEADER_WITHIN) break;
  }
  if (!header) {
    throw new ImportError(
      `${file}: sheet "${OD_SHEET}" has no header row with "Location code of destination" and "Location code of origin" in its first ${HEADER_WITHIN} rows; not UN DESA's origin–destination table (undesa_pd_<year>_ims_stock_by_sex_destination_and_origin.xlsx)`,
    );
  }
  const columns: Partial<Record<Heading, string>> = {};
  const names = header.cells.map((text, i) => {
    const letter = columnLetter(i + 1);
    return text ? `${letter} (${text})` : letter;
  });
  header.cells.forEach((text, i) => {
    const heading = (Object.keys(HEADINGS) as Heading[]).find((h) => HEADINGS[h] === normalise(text));
    if (heading && !columns[heading]) columns[heading] = names[i]!;
  });
  const missing = REQUIRED.filter((h) => !columns[h]);
  if (missing.length > 0) {
    throw new ImportError(
      `${file}: sheet "${OD_SHEET}", row ${header.number}: the header lacks ${missing.map((h) => `"${HEADINGS[h]}"`).join(', ')}`,
    );
  }
  // A merged block heading has its text in its first column only: carry it to the right.
  const blockSex = (i: number): string | null => {
    for (const row of above.slice(-3).reverse()) {
      for (let c = i; c >= 0; c -= 1) {
        const text = row.cells[c] ?? '';
        if (text) {
          const sex = sexOf(text);
          if (sex) return sex;
          break;
        }
      }
    }
    return null;
  };
  const figures: FigureColumn[] = [];
  let block = 0;
  header.cells.forEach((text, i) => {
    if (!/^\d{4}$/.test(text)) return;
    const year = Number(text);
    if (figures.length > 0 && year <= figures.at(-1)!.year) block += 1;
    const sex = blockSex(i) ?? ['_T', 'M', 'F'][block];
    if (!sex)
      throw new ImportError(
        `${file}: sheet "${OD_SHEET}", row ${header.number}: more than three blocks of years, and no heading says which sex each is`,
      );
    if (figures.some((f) => f.year === year && f.sex === sex)) {
      throw new ImportError(`${file}: sheet "${OD_SHEET}", column ${columnLetter(i + 1)}: ${year} for ${SEX_WORDS[sex]} a second time`);
    }
    names[i] = `${columnLetter(i + 1)} (${year}, ${SEX_WORDS[sex]})`;
    figures.push({ index: i, name: names[i]!, year, sex });
  });
  if (figures.length === 0) throw new ImportError(`${file}: sheet "${OD_SHEET}", row ${header.number}: no year columns (1990, 1995, …)`);
  return { file, headerRow: header.number, header: names, columns, figures };
}

/** The rows below the header, each with as many cells as the header; rows without any cell are left out. */
export async function* odRecords(path: string, layout: OdLayout): AsyncGenerator<CsvRecord> {
  for await (const row of sheetRows(path, OD_SHEET)) {
    if (row.number <= layout.headerRow || row.cells.every((c) => c === '')) continue;
    const cells = Array.from({ length: layout.header.length }, (_, i) => row.cells[i] ?? '');
    yield { line: row.number, cells };
  }
}

const AGGREGATE = (side: string) =>
  `the ${side} is a region, a group of countries or an area without an ISO 3166-1 alpha-3 code (M49 code not a territory)`;
const NOTE_ROW = 'a row without location codes or figures (a note below the table)';
const WORLD_ROW = "the origin is WORLD (900): the destination's total, loaded as its migrant stock";

/** The header of the by-destination records the WORLD rows become (read by the long form's reader). */
export const TOTAL_HEADER = ['location_code', 'name', 'notes', 'type_of_data', 'sex', 'year', 'value'];

/** An origin–destination table in one of its layouts, read the same way after this. */
export interface OdSource {
  name: string;
  lineWord?: 'line' | 'row';
  header: readonly string[];
  records: () => AsyncIterable<CsvRecord>;
  layout: string;
  /** The header's name of each published column (the location codes, destination and type of data at least). */
  columns: Partial<Record<Heading, string>>;
  /** The figures of one record: every year and sex of a sheet row, or the one of a long row. */
  figures(r: RowReader): { year: number; sex: string; value: number | null }[];
}

/** The workbook as UN DESA publishes it: one row per pair, years × sexes across. */
export function workbookSource(path: string, layout: OdLayout): OdSource {
  return {
    name: `${layout.file}, sheet "${OD_SHEET}"`,
    lineWord: 'row',
    header: layout.header,
    records: () => odRecords(path, layout),
    layout: 'IMS origin–destination table',
    columns: layout.columns,
    figures: (r) => layout.figures.map((f) => ({ year: f.year, sex: f.sex, value: r.optionalCount(f.name, NO_FIGURE) })),
  };
}

/** The same table in long form (.csv): one figure per row. */
export const OD_LONG_COLUMNS: Record<Heading, string> = {
  destinationName: 'destination_name',
  destinationNotes: 'destination_notes',
  destinationCode: 'destination_code',
  typeOfData: 'type_of_data',
  originName: 'origin_name',
  originCode: 'origin_code',
};
const LONG_REQUIRED = [...REQUIRED.map((h) => OD_LONG_COLUMNS[h]), 'sex', 'year', 'value'];

/** Whether a CSV header is the origin–destination table in long form. */
export const isOdLong = (header: readonly string[]) => header.includes(OD_LONG_COLUMNS.originCode);

export function longSource(name: string, header: readonly string[], records: () => AsyncIterable<CsvRecord>): OdSource {
  const missing = LONG_REQUIRED.filter((c) => !header.includes(c));
  if (missing.length > 0)
    throw new ImportError(`${name}: not UN DESA's origin–destination table in long form; the header lacks ${missing.join(', ')}`);
  return {
    name,
    header,
    records,
    layout: 'IMS origin–destination table, long form',
    columns: Object.fromEntries(Object.entries(OD_LONG_COLUMNS).filter(([, c]) => header.includes(c))),
    figures: (r) => [{ year: r.year('year'), sex: r.oneOf('sex', ['_T', 'F', 'M']), value: r.optionalCount('value', NO_FIGURE) }],
  };
}

/**
 * The origin–destination table as two tables to load: every (origin, destination) pair of
 * territories with its figures by year and sex, and — from the rows whose origin is WORLD — each
 * destination's total migrant stock (what the by-destination table holds). A region or group on
 * either side is skipped and counted, never rejected; a bad cell rejects its row, named by line
 * (or sheet row) and column.
 */
export function odTables(source: OdSource, iso3ByM49: ReadonlyMap<string, string>, readTotal: TableSource['read']): TableSource[] {
  const { name, columns } = source;
  const lineWord = source.lineWord ?? 'line';
  // Filled while the pairs are read; loaded right after them, in the same transaction.
  const totals: CsvRecord[] = [];
  const pairs: TableSource = {
    name,
    lineWord,
    header: [...source.header],
    records: source.records,
    table: 'migrant stock by origin',
    layout: source.layout,
    sqlTable: 'provider.undesa_migrant_stock_by_origin',
    sqlColumns: ['destination', 'origin', 'destination_m49', 'origin_m49', 'year', 'sex', 'type_of_data', 'value'],
    read(r: RowReader) {
      if (!r.text(columns.destinationCode!) && !r.text(columns.originCode!) && source.figures(r).every((f) => f.value === null)) {
        return { skip: NOTE_ROW, example: `${lineWord} ${r.line}` };
      }
      const destination = r.matching(columns.destinationCode!, /^\d{1,4}$/, 'an M49 code');
      const origin = r.matching(columns.originCode!, /^\d{1,4}$/, 'an M49 code');
      const destinationName = r.requiredText(columns.destinationName!);
      const typeOfData = columns.typeOfData ? r.text(columns.typeOfData).split(/\s+/).filter(Boolean) : [];
      if (typeOfData.some((t) => !TYPES_OF_DATA.has(t))) {
        r.reject(columns.typeOfData, `"${r.text(columns.typeOfData!)}" has a code other than B, C, R, I`, 'not B, C, R or I');
      }
      const values = source.figures(r);
      if (r.problem) return [];
      const [destinationM49, originM49] = [destination.padStart(3, '0'), origin.padStart(3, '0')];
      const destinationIso3 = iso3ByM49.get(destinationM49);
      if (!destinationIso3) return { skip: AGGREGATE('destination'), example: `${destination} ${destinationName}` };
      if (originM49 === WORLD) {
        const notes = columns.destinationNotes ? r.text(columns.destinationNotes) : '';
        for (const v of values) {
          const value = v.value === null ? '' : String(v.value);
          totals.push({ line: r.line, cells: [destination, destinationName, notes, typeOfData.join(' '), v.sex, String(v.year), value] });
        }
        return { skip: WORLD_ROW };
      }
      const originIso3 = iso3ByM49.get(originM49);
      const originName = columns.originName ? r.text(columns.originName) : '';
      if (!originIso3) return { skip: AGGREGATE('origin'), example: `${origin} ${originName}`.trim() };
      return {
        rows: values.map((v) => [destinationIso3, originIso3, destinationM49, originM49, v.year, v.sex, typeOfData.join(' '), v.value]),
      };
    },
  };
  const total: TableSource = {
    name,
    lineWord,
    header: TOTAL_HEADER,
    records: async function* () {
      yield* totals;
    },
    table: 'migrant stock',
    layout: `${source.layout}, origin WORLD`,
    sqlTable: 'provider.undesa_migrant_stock',
    sqlColumns: ['destination', 'm49', 'location_name', 'year', 'sex', 'type_of_data', 'notes', 'value'],
    read: readTotal,
  };
  return [pairs, total];
}
