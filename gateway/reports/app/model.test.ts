import { describe, expect, it } from 'vitest';
import { bySex, obs, threeMembers } from './fixtures.js';
import { coversRegion } from './load.js';
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

  it('adds regional totals over the members with a figure, says who is left out, and withholds one under the rule', () => {
    const table = buildTable(threeMembers(), 'periods');
    expect(table.totalsLabel).toBe('Regional total');
    const [total] = table.totals;
    // The rule asks half of the 3 members: 2022 has 2, 2023 and 2024 only ARM.
    expect(total!.cells.map((c) => [c.kind, c.value])).toEqual([
      ['value', 110],
      ['partial', null],
      ['partial', null],
    ]);
    expect(letters(total!.cells[0]!)).toBe('');
    expect(total!.cells[0]!.of).toEqual({ counted: 2, members: 3, without: ['Moldova, Republic of'] });
    expect(total!.cells[2]!.of).toEqual({ counted: 1, members: 3, without: ['Georgia', 'Moldova, Republic of'] });
  });

  it('writes the totals note as "total of N of M members", period ranges grouped', () => {
    expect(totalsCoverage(threeMembers()).map((c) => c.counted)).toEqual([2, 1, 1]);
    expect(totalsNote(threeMembers())).toBe(
      'Regional totals add up the members with a figure (marked *). A regional total needs figures from at least 2 of the ' +
        "region's 3 members (the catalog's rule for this indicator: 50 %); below that it is withheld as partial: " +
        '2022: total of 2 of 3 members (without Moldova, Republic of); ' +
        '2023–2024: partial, withheld: only 1 of 3 members (without Georgia, Moldova, Republic of).',
    );
  });

  it('calls the sum over a selection of members a total of the selected members, never a regional total', () => {
    const selection = { ...threeMembers(), scope: { allMembers: false, regionMembers: 12 } };
    const table = buildTable(selection, 'periods');
    expect(table.totalsLabel).toBe('Total of the selected members');
    // No coverage rule applies to a selection: each period is the sum of the selected members with a figure.
    expect(table.totals[0]!.cells.map((c) => c.value)).toEqual([110, 110, 120]);
    expect(totalsNote(selection)).toBe(
      "Total of the selected members (3 of the region's 12 members; not a regional total), adding up the members with a figure (marked *): " +
        '2022: total of 2 of 3 members (without Moldova, Republic of); 2023–2024: total of 1 of 3 members (without Georgia, Moldova, Republic of).',
    );
  });

  it('counts a report as over the whole region when no member is chosen, or every one is', () => {
    const region = threeMembers().members;
    expect([coversRegion(null, region), coversRegion([], region), coversRegion(['MDA', 'GEO', 'ARM'], region)]).toEqual([true, true, true]);
    expect(coversRegion(['ARM', 'GEO'], region)).toBe(false);
  });

  it('gives a single member no total row and no totals note', () => {
    const one = { ...threeMembers(), members: threeMembers().members.slice(0, 1), scope: { allMembers: false, regionMembers: 12 } };
    const table = buildTable(one, 'periods');
    expect([table.totalsLabel, table.totals]).toEqual([null, []]);
    expect(totalsNote(one)).toBe('');
    // A region of one member: still no total row, whatever it is called.
    expect(buildTable({ ...one, scope: { allMembers: true, regionMembers: 1 } }, 'periods').totals).toEqual([]);
  });

  it('needs the catalog share of the whole region: 9 of 12 at 75 %, 11 of 12 at 90 %', () => {
    const twelve = (withFigure: number, share: number) => ({
      ...threeMembers(),
      indicator: { ...threeMembers().indicator, regionalTotalMinimumShare: share },
      periods: ['2022'],
      members: Array.from({ length: 12 }, (_, i) =>
        i < withFigure
          ? { iso3: `M${i}`, name: `Member ${i}`, observations: [obs('2022', 10)], metadata: null }
          : { iso3: `M${i}`, name: `Member ${i}`, observations: [], metadata: null },
      ),
      scope: { allMembers: true, regionMembers: 12 },
    });
    const kind = (n: number, share: number) => buildTable(twelve(n, share), 'periods').totals[0]!.cells[0]!.kind;
    expect([kind(9, 0.75), kind(8, 0.75), kind(11, 0.9), kind(10, 0.9), kind(2, 0.9)]).toEqual([
      'value',
      'partial',
      'value',
      'partial',
      'partial',
    ]);
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
