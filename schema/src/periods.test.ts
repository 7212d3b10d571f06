import { describe, expect, it } from 'vitest';
import { parsePeriod, periodRange } from './periods.js';

describe('parsePeriod', () => {
  it.each([
    ['2023', 'A', '2023-01-01', '2023-12-31'],
    ['2023-Q1', 'Q', '2023-01-01', '2023-03-31'],
    ['2024-Q4', 'Q', '2024-10-01', '2024-12-31'],
    ['2024-02', 'M', '2024-02-01', '2024-02-29'],
    ['2023-02', 'M', '2023-02-01', '2023-02-28'],
  ])('%s is %s from %s to %s', (period, frequency, start, end) => {
    expect(parsePeriod(period)).toEqual({ period, frequency, start, end });
  });

  it.each(['23', '2023-13', '2023-Q5', '2023-1', '2023 ', 'Q1-2023', '1800', ''])('rejects %j', (period) => {
    expect(parsePeriod(period)).toBeUndefined();
  });
});

describe('periodRange', () => {
  it.each([
    // frequency, from day, to day, first period starting on/after, last period ending on/before
    ['A', '2020-01-01', '2022-12-31', '2020', '2022'],
    ['A', '2020-02-01', '2022-11-30', '2021', '2021'],
    ['Q', '2020-01-01', '2020-06-30', '2020-Q1', '2020-Q2'],
    ['Q', '2020-02-01', '2020-12-30', '2020-Q2', '2020-Q3'],
    ['Q', '2019-10-01', '2019-12-31', '2019-Q4', '2019-Q4'],
    ['M', '2020-01-01', '2020-12-31', '2020-01', '2020-12'],
    ['M', '2020-01-02', '2020-02-28', '2020-02', '2020-01'],
    ['M', '2024-02-01', '2024-02-29', '2024-02', '2024-02'],
    ['M', '2020-12-15', '2021-01-31', '2021-01', '2021-01'],
  ] as const)('%s from %s to %s is %s … %s', (frequency, from, to, first, last) => {
    expect(periodRange(frequency, from, to)).toEqual({ from: first, to: last });
  });

  it('leaves an open end open', () => {
    expect(periodRange('M', undefined, '2020-03-31')).toEqual({ to: '2020-03' });
    expect(periodRange('A', '2020-01-01')).toEqual({ from: '2020' });
  });

  it('matches parsePeriod: a period is in the range exactly when its days are', () => {
    const days = ['2019-12-31', '2020-01-01', '2020-03-31', '2020-04-01', '2020-06-15', '2020-12-31', '2021-01-01'];
    const periods = [
      '2019',
      '2020',
      '2021',
      '2019-Q4',
      '2020-Q1',
      '2020-Q2',
      '2020-Q4',
      '2021-Q1',
      '2019-12',
      '2020-01',
      '2020-03',
      '2020-04',
      '2020-06',
      '2020-12',
      '2021-01',
    ];
    for (const from of days) {
      for (const to of days) {
        for (const p of periods) {
          const parsed = parsePeriod(p)!;
          const range = periodRange(parsed.frequency, from, to);
          const byText = p >= range.from! && p <= range.to!;
          expect(byText, `${p} in ${from}…${to}`).toBe(parsed.start >= from && parsed.end <= to);
        }
      }
    }
  });
});
