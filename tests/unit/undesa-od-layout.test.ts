// How the UN DESA importer reads the origin–destination workbook's layout: which column holds
// which year for which sex (from the block headings, else from the order UN DESA publishes the
// blocks in), the 2024 revision's extra year, and a workbook that is not the table.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readOdLayout } from '../../subgraphs/provider/src/import/undesa-od.js';
import { columnLetter } from '../../subgraphs/provider/src/import/workbook.js';
import { OD_FIRST_FIGURE_COLUMN, OD_YEARS_2020, writeOdWorkbook } from '../fixtures/undesa-od-workbook.js';

const dir = mkdtempSync(join(tmpdir(), 'undesa-layout-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const YEARS_2024 = [...OD_YEARS_2020, 2024];
const SEX_ORDER = ['_T', 'M', 'F'];

describe('the origin–destination workbook layout', () => {
  it('names columns as a spreadsheet does', () => {
    expect([1, 8, 26, 27, 28, 52, 53].map(columnLetter)).toEqual(['A', 'H', 'Z', 'AA', 'AB', 'AZ', 'BA']);
  });

  it('reads the 2024 revision: eight years for both sexes, males and females, after the header on row 11', async () => {
    const path = join(dir, 'undesa_pd_2024_ims_stock_by_sex_destination_and_origin.xlsx');
    await writeOdWorkbook(path, YEARS_2024);
    const layout = await readOdLayout(path);
    expect(layout.headerRow).toBe(11);
    expect(layout.columns).toMatchObject({
      destinationCode: 'D (Location code of destination)',
      originCode: 'G (Location code of origin)',
      typeOfData: 'E (Type of data of destination)',
    });
    expect(layout.figures.map((f) => [f.year, f.sex])).toEqual(SEX_ORDER.flatMap((sex) => YEARS_2024.map((y) => [y, sex])));
    expect(layout.figures.at(-1)).toMatchObject({ name: 'AE (2024, females)', index: OD_FIRST_FIGURE_COLUMN - 1 + 23 });
  });

  it('takes the sex of each block from its heading, and from the published order when there is none', async () => {
    const reordered = join(dir, 'reordered.xlsx');
    await writeOdWorkbook(reordered, OD_YEARS_2020, (sheet) => {
      // The same headings in another order: the headings win over the order.
      const first = (b: number) => OD_FIRST_FIGURE_COLUMN + b * OD_YEARS_2020.length;
      sheet.getCell(10, first(0)).value = 'International migrant stock at mid-year (females)';
      sheet.getCell(10, first(2)).value = 'International migrant stock at mid-year (both sexes)';
    });
    expect((await readOdLayout(reordered)).figures.map((f) => f.sex)).toEqual(
      ['F', 'M', '_T'].flatMap((sex) => OD_YEARS_2020.map(() => sex)),
    );
    const bare = join(dir, 'bare.xlsx');
    await writeOdWorkbook(bare, OD_YEARS_2020, (sheet) => {
      for (let b = 0; b < 3; b += 1) sheet.getCell(10, OD_FIRST_FIGURE_COLUMN + b * OD_YEARS_2020.length).value = null;
    });
    expect((await readOdLayout(bare)).figures.map((f) => f.sex)).toEqual(SEX_ORDER.flatMap((sex) => OD_YEARS_2020.map(() => sex)));
  });

  it('says what is missing when the header lacks a column, or the sheet is not there', async () => {
    const noName = join(dir, 'no-name.xlsx');
    await writeOdWorkbook(noName, OD_YEARS_2020, (sheet) => {
      sheet.getCell(11, 2).value = 'Destination';
    });
    await expect(readOdLayout(noName)).rejects.toThrow(
      'no-name.xlsx: sheet "Table 1", row 11: the header lacks "region, development group, country or area of destination"',
    );
    // The type of data may be missing: it is then loaded as none given.
    const noType = join(dir, 'no-type.xlsx');
    await writeOdWorkbook(noType, OD_YEARS_2020, (sheet) => {
      sheet.getCell(11, 5).value = 'Type';
    });
    expect((await readOdLayout(noType)).columns.typeOfData).toBeUndefined();
    const renamed = join(dir, 'renamed.xlsx');
    await writeOdWorkbook(renamed, OD_YEARS_2020, (sheet) => {
      sheet.name = 'Table 2';
    });
    await expect(readOdLayout(renamed)).rejects.toThrow('renamed.xlsx: no sheet "Table 1" (its sheets: "Contents", "Table 2")');
  });
});
