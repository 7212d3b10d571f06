import { describe, expect, it } from 'vitest';
import { localMonthIndex, microseconds } from './crossing-scan.js';
import { localMonth } from './rule.js';

const monthOf = (i: number) => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;

describe('the crossings scan parser', () => {
  it('finds the same local month as the rule does, on month and leap-day edges and at random', () => {
    const instants: [number, number][] = [];
    for (const [y, m, d] of [
      [1900, 2, 28],
      [1999, 12, 31],
      [2000, 2, 29],
      [2024, 2, 29],
      [2024, 3, 1],
      [2100, 3, 1],
    ] as const)
      for (const edge of [-1, 0, 1]) instants.push([Date.UTC(y, m - 1, d) + edge, 0]);
    let seed = 7;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31);
    for (let i = 0; i < 20_000; i += 1) instants.push([Date.UTC(1950, 0, 1) + next() * 1000, (next() % 1560) - 720]);
    for (const [utcMs, offsetMin] of instants)
      expect(monthOf(localMonthIndex(utcMs + offsetMin * 60_000))).toBe(localMonth(utcMs, offsetMin));
  });

  it('reads the microseconds of float8 epoch seconds exactly, with and without fraction or sign', () => {
    const read = (s: string) => microseconds(s, 0, s.length);
    expect(read('1420070400')).toBe(1_420_070_400_000_000);
    expect(read('1420070400.123456')).toBe(1_420_070_400_123_456);
    expect(read('1420070400.0005')).toBe(1_420_070_400_000_500);
    expect(read('-86400.25')).toBe(-86_400_250_000);
    expect(read('5e-05')).toBe(50);
    // Every microsecond value PostgreSQL can print for a day in 2024 reads back as itself.
    for (let us = 1_704_067_200_000_000; us < 1_704_067_200_000_000 + 86_400_000_000; us += 86_399_999)
      expect(read(String(us / 1_000_000))).toBe(us);
  });
});
