import { loadCatalog } from '@migfed/schema';
import { describe, expect, it } from 'vitest';
import { periodAt, summedFrequency } from './summed.js';

const catalog = loadCatalog();

describe('summing sub-periods', () => {
  it('finds the period a month or quarter lies in', () => {
    expect(periodAt('2023-05', 'A')).toBe('2023');
    expect(periodAt('2023-05', 'Q')).toBe('2023-Q2');
    expect(periodAt('2023-12', 'Q')).toBe('2023-Q4');
    expect(periodAt('2023-Q3', 'A')).toBe('2023');
  });

  it('sums only into a coarser frequency, and never a stock', () => {
    expect(summedFrequency(catalog, 'LONG_TERM_IMMIGRATION', 'A')).toBe('A');
    expect(summedFrequency(catalog, 'LONG_TERM_IMMIGRATION', 'M')).toBeUndefined();
    expect(summedFrequency(catalog, 'STOCK_FOREIGNERS', 'A')).toBeUndefined();
    expect(summedFrequency(catalog, 'STOCK_FOREIGNERS', null)).toBeUndefined();
    expect(() => summedFrequency(catalog, 'STOCK_FOREIGNERS', 'Q')).toThrow(
      'frequency Q: indicator STOCK_FOREIGNERS is published at frequency A and its figures are not split into shorter periods',
    );
    // The catalog has no monthly stock today; one counted monthly would still not add up over months.
    const stock = catalog.indicator('STOCK_FOREIGNERS')!;
    const monthlyStock = {
      ...catalog,
      indicator: (code: string) => (code === 'STOCK_MONTHLY' ? { ...stock, frequency: 'M' as const } : undefined),
    };
    expect(() => summedFrequency(monthlyStock, 'STOCK_MONTHLY', 'A')).toThrow(
      'frequency A: indicator STOCK_MONTHLY is a stock (people counted on a day), never summed over its months; ask it at frequency M',
    );
  });
});
