import { describe, expect, it } from 'vitest';
import { aggregateObservations, canAggregate } from './aggregate.js';
import { obs, WORK_PERMITS } from './fixtures.js';
import type { IndicatorDef } from './types.js';

const CROSSINGS: IndicatorDef = { ...WORK_PERMITS, code: 'BORDER_CROSSINGS', frequency: 'M' };
const months = (year: number, n: number, value = 10, status = 'A') =>
  Array.from({ length: n }, (_, i) => obs(`${year}-${String(i + 1).padStart(2, '0')}`, value + i, {}, status));
const byPeriod = (list: ReturnType<typeof aggregateObservations>) => new Map(list.map((o) => [o.period, o]));

describe('months added up into quarters and years', () => {
  it('sums a flow from its published months, at the total and in each breakdown', () => {
    const female = months(2023, 12).map((o) => ({
      ...o,
      dimensions: o.dimensions.map((d) => (d.dimension === 'SEX' ? { ...d, code: 'F' } : d)),
    }));
    const out = aggregateObservations([...months(2023, 12), ...female], CROSSINGS, 'A');
    expect(out).toHaveLength(2);
    // 10 + 11 + … + 21
    expect(out.map((o) => [o.dimensions.find((d) => d.dimension === 'SEX')!.code, o.value, o.missingParts])).toEqual([
      ['_T', 186, undefined],
      ['F', 186, undefined],
    ]);
    const quarters = byPeriod(aggregateObservations(months(2023, 12), CROSSINGS, 'Q'));
    expect([...quarters.keys()]).toEqual(['2023-Q1', '2023-Q2', '2023-Q3', '2023-Q4']);
    expect(quarters.get('2023-Q2')!.value).toBe(13 + 14 + 15);
  });

  it('flags a sum with a provisional part, and counts the months that have no figure', () => {
    const parts = [...months(2024, 4), obs('2024-05', 7, {}, 'P')];
    const year = aggregateObservations(parts, CROSSINGS, 'A')[0]!;
    expect(year).toMatchObject({ period: '2024', value: 10 + 11 + 12 + 13 + 7, status: 'P', missingParts: 7 });
    const mixed = aggregateObservations([obs('2024-01', 1, {}, 'P'), obs('2024-02', 1, {}, 'E'), obs('2024-03', 1)], CROSSINGS, 'Q')[0]!;
    expect(mixed.statuses).toEqual(['P', 'E']);
    expect(mixed.missingParts).toBeUndefined();
  });

  it('withholds the whole period when one part is withheld (the sum would reveal it)', () => {
    const parts = [...months(2024, 2), obs('2024-03', null, {}, 'A', 'C')];
    expect(aggregateObservations(parts, CROSSINGS, 'Q')[0]).toMatchObject({ value: null, confidentiality: 'C' });
  });

  it('never sums a stock: a year shows its last month as published, or nothing', () => {
    const stock = { ...CROSSINGS, stock: true };
    expect(aggregateObservations(months(2023, 12), stock, 'A')[0]).toMatchObject({ period: '2023', value: 21 });
    expect(aggregateObservations(months(2024, 5), stock, 'A')).toEqual([]);
    expect(canAggregate(WORK_PERMITS, 'A')).toBe(false);
    expect(canAggregate(CROSSINGS, 'Q')).toBe(true);
  });
});
