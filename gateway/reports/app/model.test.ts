import { describe, expect, it } from 'vitest';
import { bySex, threeMembers } from './fixtures.js';
import { buildTable, completeness, totalsCoverage } from './model.js';
import { totalsNote } from './notes.js';

const letters = (cell: { flags: { letter: string }[] }) => cell.flags.map((f) => f.letter).join('');

describe('the report table', () => {
  it('puts members in rows and periods in columns, with flags, gaps and a member that is down', () => {
    const table = buildTable(threeMembers(), 'periods');
    expect(table.columnAxis.codes.map((c) => c.id)).toEqual(['2022', '2023', '2024']);
    const [arm, geo, mda] = table.groups.map((g) => g.rows[0]!.cells);
    expect(arm!.map((c) => [c.value, letters(c)])).toEqual([
      [100, ''],
      [110, 'b'],
      [120, 'p'],
    ]);
    expect(geo!.map((c) => c.kind)).toEqual(['value', 'gap', 'withheld']);
    expect(letters(geo![2]!)).toBe('c');
    expect(mda!.every((c) => c.kind === 'unavailable')).toBe(true);
  });

  it('adds regional totals over the members with a figure and says who is left out', () => {
    const [total] = buildTable(threeMembers(), 'periods').totals;
    expect(total!.cells.map((c) => c.value)).toEqual([110, 110, 120]);
    expect(total!.cells.map((c) => letters(c))).toEqual(['', 'b', 'p']);
    expect(total!.cells[0]!.of).toEqual({ counted: 2, members: 3, without: ['Moldova, Republic of'] });
    expect(total!.cells[2]!.of).toEqual({ counted: 1, members: 3, without: ['Georgia', 'Moldova, Republic of'] });
  });

  it('writes the totals note as "total of N of M members", period ranges grouped', () => {
    expect(totalsCoverage(threeMembers()).map((c) => c.counted)).toEqual([2, 1, 1]);
    expect(totalsNote(threeMembers())).toBe(
      'Regional totals add up the members with a figure (marked *): 2022: total of 2 of 3 members (without Moldova, Republic of); ' +
        '2023–2024: total of 1 of 3 members (without Georgia, Moldova, Republic of).',
    );
  });

  it('lists, per member, the periods without a figure and why', () => {
    expect(completeness(threeMembers()).map((g) => [g.member.iso3, g.kind, g.periods])).toEqual([
      ['GEO', 'gap', ['2023']],
      ['GEO', 'withheld', ['2024']],
      ['MDA', 'unavailable', ['2022', '2023', '2024']],
    ]);
  });

  it('breaks down by sex in rows, leaving out figures broken down by another dimension', () => {
    const table = buildTable(bySex(), 'periods');
    expect(table.rowAxes.map((a) => a.id)).toEqual(['SEX']);
    expect(table.groups[0]!.rows.map((r) => [r.keys[0]!.id, r.cells[0]!.value])).toEqual([
      ['_T', 100],
      ['F', 40],
      ['M', 60],
    ]);
    expect(table.totals.map((r) => r.cells[0]!.value)).toEqual([150, 70, 80]);
  });

  it('pivots on the breakdown: its codes become the columns and periods go to the rows', () => {
    const table = buildTable(bySex(), 'breakdown');
    expect(table.columnAxis.codes.map((c) => c.name)).toEqual(['Total', 'Female', 'Male']);
    expect(table.rowAxes.map((a) => a.id)).toEqual(['PERIOD']);
    expect(table.groups[1]!.rows[0]!.cells.map((c) => c.value)).toEqual([50, 30, 20]);
  });

  it('leaves out breakdown rows a member has published nothing for, but keeps its totals row', () => {
    const data = bySex();
    data.members[1]!.observations = data.members[1]!.observations!.filter((o) => o.dimensions.every((d) => d.code === '_T'));
    const table = buildTable(data, 'periods');
    expect(table.groups[1]!.rows.map((r) => r.keys[0]!.id)).toEqual(['_T']);
    expect(table.totals.map((r) => r.cells[0]!.of!.counted)).toEqual([2, 1, 1]);
  });

  it('says so when every total is complete', () => {
    expect(totalsNote(bySex())).toBe('Regional totals: total of 2 of 2 members in every period.');
  });
});
