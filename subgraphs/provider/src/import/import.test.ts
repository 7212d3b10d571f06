import { describe, expect, it } from 'vitest';
import { toCopyLine } from './csv.js';
import { originOf } from '../origin.js';
import { checkLabel, checkPublishedOn, labelFromFolder, publishedOnFromLabel } from './release.js';
import { RowReader } from './row-reader.js';
import { detectLayout, missingColumns } from './unhcr-tables.js';

const API_APPLICATIONS = 'year,coo_name,coo,coo_iso,coa_name,coa,coa_iso,procedure_type,app_type,dec_level,app_pc,applied'.split(',');
const DOWNLOAD_DECISIONS = [
  'Year',
  'Country of origin',
  'Country of origin (ISO)',
  'Country of asylum',
  'Country of asylum (ISO)',
  'Recognized decisions',
  'Complementary protection',
  'Rejected decisions',
  'Otherwise closed',
  'Total decisions',
];
const reader = (header: string[], cells: string[]) => new RowReader('f.csv', 7, cells, new Map(header.map((c, i) => [c, i])));
const territories = new Set(['RUS', 'UKR', 'MDA']);
const isTerritory = (iso3: string) => territories.has(iso3);

describe('UNHCR layouts', () => {
  it('are recognised by the header, in any column order', () => {
    expect(detectLayout(API_APPLICATIONS)).toMatchObject({ table: 'applications', layout: 'api' });
    expect(detectLayout([...DOWNLOAD_DECISIONS].reverse())).toMatchObject({ table: 'decisions', layout: 'download' });
    expect(detectLayout(['iso_code', 'unhcr_code', 'name'])).toBeUndefined();
  });

  it('name the columns a nearly matching header lacks', () => {
    expect(missingColumns(API_APPLICATIONS.filter((c) => c !== 'app_pc'))?.missing).toEqual(['app_pc']);
  });

  it('map an API row with persons or cases kept, and a download row without', () => {
    const api = reader(API_APPLICATIONS, ['2022', 'Ukraine', 'UKR', 'UKR', 'Rep. of Moldova', 'MDA', 'MDA', 'G', 'N', 'FI', 'C', '12']);
    expect(detectLayout(API_APPLICATIONS)?.read(api, isTerritory)).toEqual([2022, 'MDA', 'UKR', 'UKR', 'Ukraine', 'G', 'N', 'FI', 'C', 12]);
    const header = ['Year', 'Country of origin', 'Country of origin (ISO)', 'Country of asylum', 'Country of asylum (ISO)', 'applied'];
    const download = reader(header, ['2006', 'Unknown ', '', 'Switzerland', 'CHE', '3984']);
    expect(detectLayout(header)?.read(download, isTerritory)).toEqual([2006, 'CHE', '_U', '', 'Unknown', null, null, null, null, 3984]);
  });
});

describe('a row reader', () => {
  it('rejects a row with the line, the column and the value', () => {
    const r = reader(API_APPLICATIONS, ['2022', 'Ukraine', 'UKR', 'UKR', 'Moldova', 'MDA', 'MDA', 'G', 'N', 'FI', 'P', '-3']);
    detectLayout(API_APPLICATIONS)?.read(r, isTerritory);
    expect(r.problem).toEqual({
      file: 'f.csv',
      line: 7,
      column: 'applied',
      message: '"-3" is not a whole number ≥ 0',
      reason: 'applied: not a whole number ≥ 0',
    });
  });

  it('keeps the first problem and counts fields', () => {
    const r = reader(['year', 'coa_iso'], ['20x2']);
    expect(r.problem?.message).toBe('has 1 fields, the header has 2');
    r.year('year');
    expect(r.problem?.reason).toBe('wrong number of fields');
    const ok = reader(['year', 'coa_iso', 'app_pc'], ['1999', 'mda', 'X']);
    ok.year('year');
    ok.iso3('coa_iso');
    ok.oneOf('app_pc', ['P', 'C']);
    expect(ok.problem).toMatchObject({ column: 'coa_iso', message: '"mda" is not an ISO 3166-1 alpha-3 code' });
  });

  it('reads a missing value as null where the provider publishes none', () => {
    expect(reader(['value'], ['..']).optionalCount('value', ['..'])).toBeNull();
    expect(reader(['oip'], ['']).optionalCount('oip')).toBeNull();
  });
});

describe('origins', () => {
  it.each([
    ['RUS', 'Russian Federation', 'RUS'],
    ['UNK', 'Unknown', '_U'],
    ['', 'Unknown ', '_U'],
    ['XXA', 'Stateless', 'XXA'],
    ['TIB', 'Tibetan', '_O'],
  ])('%s (%s) is %s in the AREA codelist', (published, name, code) => {
    expect(originOf(published, name, isTerritory)).toEqual({ code, published, name: name.trim() });
  });
});

describe('releases', () => {
  it('take the label from the folder and the date from a dated label only', () => {
    expect(labelFromFolder('/data/unhcr/2025.12.1/')).toBe('2025.12.1');
    expect(publishedOnFromLabel('2025.12.1')).toBe('2025-12-01');
    expect(publishedOnFromLabel('2021-download')).toBeNull();
    expect(publishedOnFromLabel('2025.13.1')).toBeNull();
  });

  it('refuse labels and dates that are not', () => {
    expect(() => checkLabel('../etc')).toThrow(/letters, digits/);
    expect(() => checkPublishedOn('2025-02-30')).toThrow(/YYYY-MM-DD/);
    expect(checkPublishedOn('2021-06-18')).toBe('2021-06-18');
  });
});

describe('COPY rows', () => {
  it('quote text, leave numbers bare and nulls empty', () => {
    expect(toCopyLine([2022, 'China, Hong Kong SAR', 'say "hi"', null, ''])).toBe('2022,"China, Hong Kong SAR","say ""hi""",,""\n');
  });
});
