import { describe, expect, it } from 'vitest';
import { newerSource } from './Comparison.js';

describe('which source is newer', () => {
  it("compares UNHCR's release day with the national release's publication (UTC days)", () => {
    expect(newerSource('2025-12-01', '2025-03-31T09:00:00.000Z')).toBe('UNHCR');
    expect(newerSource('2021-01-15', '2023-03-31T09:00:00Z')).toBe('NATIONAL');
    expect(newerSource('2025-03-31', '2025-03-31T23:30:00Z')).toBe('SAME_DAY');
  });

  it('does not guess when a date is unknown', () => {
    expect(newerSource(null, '2025-03-31T09:00:00Z')).toBeNull();
    expect(newerSource('2025-12-01', null)).toBeNull();
  });
});
