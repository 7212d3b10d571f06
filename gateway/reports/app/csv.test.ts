import { describe, expect, it } from 'vitest';
import { csvField, DATAFLOW, sdmxCsv, tableCsv } from './csv.js';
import { bySex, threeMembers } from './fixtures.js';
import { buildTable } from './model.js';

const lines = (csv: string) => csv.trimEnd().split('\r\n');

describe('CSV downloads', () => {
  it('guards cells a spreadsheet would run as a formula, and quotes what needs it', () => {
    expect(['=SUM(A1)', '+1', '-1', '@cmd', '\tx'].map(csvField)).toEqual(["'=SUM(A1)", "'+1", "'-1", "'@cmd", "'\tx"]);
    expect(csvField('Moldova, Republic of')).toBe('"Moldova, Republic of"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField(-5)).toBe('-5'); // a number is data, never a formula
    expect(csvField(null)).toBe('');
  });

  it('writes the table as shown: flags after the value, ":" where there is no figure, totals last', () => {
    expect(lines(tableCsv(buildTable(threeMembers(), 'periods'), 'dsm'))).toEqual([
      'Code,Member,2022,2023,2024',
      'ARM,Armenia,100,110 b,120 p',
      'GEO,Georgia,10,:,: c',
      'MDA,"Moldova, Republic of",:,:,:',
      'DSM,Regional total,110,: partial,: partial',
    ]);
  });

  it('labels the total as the table does: a selection, or no total row for one member', () => {
    const selection = { ...threeMembers(), scope: { allMembers: false, regionMembers: 12 } };
    expect(lines(tableCsv(buildTable(selection, 'periods'), 'dsm')).at(-1)).toBe('DSM,Total of the selected members,110,110 b,120 p');
    const one = { ...selection, members: selection.members.slice(0, 1) };
    expect(lines(tableCsv(buildTable(one, 'periods'), 'dsm'))).toEqual(['Code,Member,2022,2023,2024', 'ARM,Armenia,100,110 b,120 p']);
  });

  it('marks a revised value with r and gives the value published before a column of its own', () => {
    const data = threeMembers();
    const arm = data.members[0]!.observations!;
    arm[1] = { ...arm[1]!, value: 115, revised: true, previousValue: 110 };
    arm[2] = { ...arm[2]!, revised: false, previousValue: null };
    expect(lines(tableCsv(buildTable(data, 'periods'), 'dsm'))).toEqual([
      'Code,Member,2022,2023,2024,"2023, previous value"',
      'ARM,Armenia,100,115 br,120 p,110',
      'GEO,Georgia,10,:,: c,',
      'MDA,"Moldova, Republic of",:,:,:,',
      'DSM,Regional total,110,: partial,: partial,',
    ]);
  });

  it('names the breakdown columns of a pivot', () => {
    expect(lines(tableCsv(buildTable(bySex(), 'breakdown'), 'dsm'))[0]).toBe('Code,Member,Period,Total,Female,Male');
  });

  it('writes SDMX-CSV 1.0 of the members’ figures, every dimension of the indicator named', () => {
    const rows = lines(sdmxCsv(bySex()));
    expect(rows[0]).toBe('DATAFLOW,REF_AREA,INDICATOR,SEX,CITIZENSHIP,TIME_PERIOD,OBS_VALUE,OBS_STATUS,CONF_STATUS');
    // ARM's figure by citizenship is not in a table broken down by sex, so not in its download.
    expect(rows.slice(1)).toEqual([
      `${DATAFLOW},ARM,WORK_PERMITS_ISSUED,_T,_T,2024,100,A,F`,
      `${DATAFLOW},ARM,WORK_PERMITS_ISSUED,F,_T,2024,40,A,F`,
      `${DATAFLOW},ARM,WORK_PERMITS_ISSUED,M,_T,2024,60,A,F`,
      `${DATAFLOW},GEO,WORK_PERMITS_ISSUED,_T,_T,2024,50,A,F`,
      `${DATAFLOW},GEO,WORK_PERMITS_ISSUED,F,_T,2024,30,A,F`,
      `${DATAFLOW},GEO,WORK_PERMITS_ISSUED,M,_T,2024,20,A,F`,
    ]);
  });

  it('keeps a withheld figure with an empty value and its flags, and nothing for a member that is down', () => {
    const rows = lines(sdmxCsv(threeMembers()));
    expect(rows).toContain(`${DATAFLOW},GEO,WORK_PERMITS_ISSUED,_T,_T,2024,,A,C`);
    expect(rows.some((r) => r.includes(',MDA,'))).toBe(false);
  });
});
