import { describe, expect, it } from 'vitest';
import { parsePeriod } from './periods.js';

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
