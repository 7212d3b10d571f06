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

  it('writes a plain table: a byte-order mark, one row per figure, value and flags in columns of their own', () => {
    const csv = tableCsv(buildTable(threeMembers(), 'periods'), 'dsm');
    expect(csv.startsWith('\uFEFFMember code,')).toBe(true);
    expect(lines(csv.slice(1))).toEqual([
      'Member code,Member,Period,Value,Flags,Previous value',
      'ARM,Armenia,2022,100,,',
      'ARM,Armenia,2023,110,b,',
      'ARM,Armenia,2024,120,p,',
      'GEO,Georgia,2022,10,,',
      'GEO,Georgia,2023,,:,',
      'GEO,Georgia,2024,,c,',
      'MDA,"Moldova, Republic of",2022,,:,',
      'MDA,"Moldova, Republic of",2023,,:,',
      'MDA,"Moldova, Republic of",2024,,:,',
      'DSM,Regional total,2022,110,*,',
      'DSM,Regional total,2023,,partial,',
      'DSM,Regional total,2024,,partial,',
    ]);
  });

  it('labels the total as the table does: a selection, or no total row for one member', () => {
    const selection = { ...threeMembers(), scope: { allMembers: false, regionMembers: 12 } };
    expect(lines(tableCsv(buildTable(selection, 'periods'), 'dsm')).at(-1)).toBe('DSM,Total of the selected members,2024,120,p *,');
    const one = { ...selection, members: selection.members.slice(0, 1) };
    expect(lines(tableCsv(buildTable(one, 'periods'), 'dsm').slice(1)).map((l) => l.split(',')[0])).toEqual([
      'Member code',
      'ARM',
      'ARM',
      'ARM',
    ]);
  });

  it('marks a revised value with r and gives the value published before in its own column', () => {
    const data = threeMembers();
    const arm = data.members[0]!.observations!;
    arm[1] = { ...arm[1]!, value: 115, revised: true, previousValue: 110 };
    expect(lines(tableCsv(buildTable(data, 'periods'), 'dsm'))[2]).toBe('ARM,Armenia,2023,115,b r,110');
  });

  it('puts the code beside the label of every breakdown', () => {
    const rows = lines(tableCsv(buildTable(bySex(), 'breakdown'), 'dsm').slice(1));
    expect(rows[0]).toBe('Member code,Member,Sex code,Sex,Period,Value,Flags,Previous value');
    expect(rows[2]).toBe('ARM,Armenia,F,Female,2024,40,,');
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
