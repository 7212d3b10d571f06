import { describe, expect, it } from 'vitest';
import { chartData, chooseChart, periodTimes, timeGaps } from './chart-data.js';
import { logTicks, niceTicks, spread, wantsLogScale } from './chart-scale.js';
import { bySex, member, obs, threeMembers, WORK_PERMITS } from './fixtures.js';

describe('the chart', () => {
  it('draws lines over time, bars for one period and shares for a breakdown', () => {
    expect(chooseChart('auto', threeMembers())).toBe('lines');
    expect(chooseChart('auto', { ...threeMembers(), periods: ['2024'] })).toBe('bars');
    expect(chooseChart('auto', bySex())).toBe('shares');
    expect(chooseChart('shares', threeMembers())).toBe('lines'); // no breakdown to share out
    expect(chooseChart('bars', threeMembers())).toBe('bars');
  });

  it('leaves a member that is down out of the lines, and breaks a line where a figure is missing', () => {
    const chart = chartData('lines', threeMembers());
    expect(chart).toEqual({
      kind: 'lines',
      periods: ['2022', '2023', '2024'],
      series: [
        { key: 'ARM', label: 'Armenia', values: [100, 110, 120] },
        { key: 'GEO', label: 'Georgia', values: [10, null, null] },
      ],
    });
  });

  it('draws bars for the latest period with figures, largest first', () => {
    const chart = chartData('bars', threeMembers());
    expect(chart).toEqual({ kind: 'bars', period: '2024', bars: [{ key: 'ARM', label: 'Armenia', value: 120 }] });
  });

  it('shares a short codelist in its own order, a long one as its largest codes and "Other"', () => {
    expect(chartData('auto', bySex())).toMatchObject({
      kind: 'shares',
      period: '2024',
      codes: [{ id: 'F' }, { id: 'M' }],
      rows: [
        { key: 'ARM', parts: [40, 60] },
        { key: 'GEO', parts: [30, 20] },
      ],
    });
    const origins = ['UZB', 'TJK', 'KGZ', 'RUS', 'CHN', 'TUR', 'IND', 'VNM'];
    const data = {
      indicator: WORK_PERMITS,
      periods: ['2024'],
      breakdowns: [
        {
          dimension: WORK_PERMITS.dimensions[1]!,
          codes: [{ id: '_T', name: 'Total' }, ...origins.map((id) => ({ id, name: id })), { id: '_O', name: 'Other' }],
        },
      ],
      members: [
        member('KAZ', 'Kazakhstan', [
          obs('2024', 460),
          ...origins.map((c, i) => obs('2024', 100 - i * 10, { CITIZENSHIP: c })),
          obs('2024', 100, { CITIZENSHIP: '_O' }),
        ]),
      ],
      scope: { allMembers: false, regionMembers: 12 },
    };
    const chart = chartData('shares', data);
    expect(chart.kind === 'shares' && chart.codes.map((c) => c.id)).toEqual(['UZB', 'TJK', 'KGZ', 'RUS', 'CHN', 'TUR', '_O']);
    expect(chart.kind === 'shares' && chart.rows[0]!.parts).toEqual([100, 90, 80, 70, 60, 50, 40 + 30 + 100]);
  });

  it('keeps a breakdown over time as small multiples and for one period as stacked bars', () => {
    const data = bySex();
    data.periods = ['2023', '2024'];
    data.members[0]!.observations!.push(obs('2023', 90), obs('2023', 35, { SEX: 'F' }), obs('2023', 55, { SEX: 'M' }));
    expect(chooseChart('auto', data)).toBe('multiples');
    expect(chartData('auto', data)).toMatchObject({
      kind: 'multiples',
      dimension: 'Sex',
      codes: [{ id: 'F' }, { id: 'M' }],
      panels: [
        {
          key: 'ARM',
          series: [
            { key: 'F', values: [35, 40] },
            { key: 'M', values: [55, 60] },
          ],
        },
        {
          key: 'GEO',
          series: [
            { key: 'F', values: [null, 30] },
            { key: 'M', values: [null, 20] },
          ],
        },
      ],
    });
    expect(chartData('bars', data)).toMatchObject({
      kind: 'stacked',
      period: '2024',
      rows: [
        { key: 'ARM', parts: [40, 60] },
        { key: 'GEO', parts: [30, 20] },
      ],
    });
  });

  it('places unevenly spaced periods (a census) at their time, and never joins across a gap', () => {
    const data = { ...threeMembers(), periods: ['2010', '2011', '2021'] };
    expect(periodTimes(data)).toEqual([2010, 2011, 2021]);
    expect(timeGaps(data.periods, periodTimes(data))).toEqual([false, true, false]);
    expect(periodTimes(threeMembers())).toBeUndefined();
  });

  it('uses round ticks, and a logarithmic axis when members differ by orders of magnitude', () => {
    expect(niceTicks(2_300_000)).toEqual([0, 500_000, 1_000_000, 1_500_000, 2_000_000, 2_500_000]);
    expect(wantsLogScale([400, 2_300_000])).toBe(true);
    expect(wantsLogScale([400, 4_000])).toBe(false);
    expect(logTicks(400, 2_300_000)).toEqual([100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000]);
    expect(logTicks(40, 900)).toEqual([10, 20, 50, 100, 200, 500, 1000]);
  });

  it('keeps line-end labels apart and inside the plot', () => {
    expect(spread([100, 100, 100], 12, 0, 300)).toEqual([100, 112, 124]);
    expect(spread([300, 300], 12, 0, 300)).toEqual([288, 300]);
  });
});
