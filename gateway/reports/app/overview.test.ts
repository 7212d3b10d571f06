import { describe, expect, it } from 'vitest';
import { WORK_PERMITS } from './fixtures.js';
import { latestPeriods, overviewCell } from './overview.js';
import type { Coverage } from './types.js';

const cov = (indicator: string, firstPeriod: string, lastPeriod: string, periods: number): Coverage => ({
  indicator,
  firstPeriod,
  lastPeriod,
  periods,
  lastRelease: `${lastPeriod} annual`,
  lastPublishedAt: '2025-03-31T00:00:00.000Z',
});

describe('the overview matrix', () => {
  it('measures "behind" against the latest period any member published', () => {
    const arm = cov('WORK_PERMITS_ISSUED', '2015', '2024', 10);
    const geo = cov('WORK_PERMITS_ISSUED', '2015', '2022', 8);
    const rows = [
      { iso3: 'ARM', name: 'Armenia', coverage: [arm] },
      { iso3: 'GEO', name: 'Georgia', coverage: [geo] },
      { iso3: 'MDA', name: 'Moldova', coverage: null, unavailable: 'down' },
    ];
    expect(latestPeriods(rows).get('WORK_PERMITS_ISSUED')).toBe('2024');
    expect(overviewCell(arm, WORK_PERMITS, '2024')).toMatchObject({ state: 'current', holes: 0 });
    expect(overviewCell(geo, WORK_PERMITS, '2024')).toMatchObject({ state: 'behind' });
  });

  it('counts periods missing inside the published range, and marks what was never published', () => {
    expect(overviewCell(cov('WORK_PERMITS_ISSUED', '2015', '2024', 7), WORK_PERMITS, '2024')).toMatchObject({ state: 'holes', holes: 3 });
    expect(overviewCell(undefined, WORK_PERMITS, '2024')).toEqual({ state: 'none', holes: 0 });
  });
});
