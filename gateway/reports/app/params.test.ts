import { describe, expect, it } from 'vitest';
import { parseParams, type ReportParams, toSearch } from './params.js';
import { atFrequency, describeRuns, expandPeriods } from './periods.js';

describe('the permalink', () => {
  const report: ReportParams = {
    indicator: 'WORK_PERMITS_ISSUED',
    members: ['ARM', 'GEO'],
    from: '2015',
    to: '2024',
    by: ['SEX', 'CITIZENSHIP'],
    columns: 'breakdown',
    chart: 'shares',
    asOf: '2024-03-01',
  };

  it('reopens exactly the report it was made from, the vintage included, and stays readable', () => {
    const search = toSearch(report);
    expect(search).toBe(
      '?indicator=WORK_PERMITS_ISSUED&from=2015&to=2024&members=ARM,GEO&by=SEX,CITIZENSHIP&columns=breakdown&chart=shares&asOf=2024-03-01',
    );
    expect(parseParams(search)).toEqual(report);
  });

  it('leaves defaults out: every member, periods as columns, the automatic chart', () => {
    const all = { ...report, members: null, by: [], columns: 'periods' as const, chart: 'auto' as const, asOf: '' };
    expect(toSearch(all)).toBe('?indicator=WORK_PERMITS_ISSUED&from=2015&to=2024');
    expect(parseParams(toSearch(all))).toEqual(all);
  });

  it('is the start page without an indicator, and ignores what it cannot use', () => {
    expect(parseParams('')).toBeNull();
    expect(parseParams('?indicator=X&by=SEX,SEX,AGE,REASON&chart=pie&columns=breakdown&members=arm')).toEqual({
      indicator: 'X',
      members: ['ARM'],
      from: '',
      to: '',
      by: ['SEX', 'AGE'],
      columns: 'breakdown',
      chart: 'auto',
      asOf: '',
    });
    expect(parseParams('?indicator=X&columns=breakdown')?.columns).toBe('periods'); // nothing to pivot on
  });
});

describe('periods', () => {
  it('lists every period of a range at the indicator’s frequency, whatever the precision given', () => {
    expect(expandPeriods('2015', '2018', 'A')).toEqual(['2015', '2016', '2017', '2018']);
    expect(expandPeriods('2023', '2023', 'M')).toHaveLength(12);
    expect(expandPeriods('2023-11', '2024-02', 'M')).toEqual(['2023-11', '2023-12', '2024-01', '2024-02']);
    expect(expandPeriods('2023-Q4', '2024-Q1', 'Q')).toEqual(['2023-Q4', '2024-Q1']);
    expect(expandPeriods('2023-Q2', '2023-Q2', 'M')).toEqual(['2023-04', '2023-05', '2023-06']);
    expect(expandPeriods('2024', '2015', 'A')).toEqual([]);
    expect(expandPeriods('last year', '2015', 'A')).toEqual([]);
  });

  it('moves a period to another precision for the form’s defaults', () => {
    expect(atFrequency('2024-12', 'A', 'end')).toBe('2024');
    expect(atFrequency('2015', 'M', 'start')).toBe('2015-01');
    expect(atFrequency('2015', 'M', 'end')).toBe('2015-12');
  });

  it('collapses runs of periods for notes', () => {
    const all = ['2015', '2016', '2017', '2018', '2019', '2020'];
    expect(describeRuns(['2015', '2016', '2017', '2020'], all)).toBe('2015–2017, 2020');
    expect(describeRuns([], all)).toBe('');
  });
});
