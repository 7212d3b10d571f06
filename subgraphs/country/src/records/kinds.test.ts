import { describe, expect, it } from 'vitest';
import { parseInstant } from './kinds.js';

describe('CROSSED_AT', () => {
  it('reads the common YYYY-MM-DDTHH:MM:SS±HH:MM shape as the general ISO 8601 path does', () => {
    let seed = 11;
    const next = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    const pad = (n: number, w = 2) => String(n).padStart(w, '0');
    const samples = ['2024-02-29T23:59:59+05:00', '2023-02-29T10:00:00+05:00', '2100-02-29T10:00:00Z', '2024-01-01T00:00:00-12:30'];
    for (let i = 0; i < 20_000; i += 1)
      samples.push(
        `${pad(1900 + next(250), 4)}-${pad(next(14))}-${pad(next(33))}T${pad(next(25))}:${pad(next(61))}:${pad(next(61))}${next(2) ? '+' : '-'}${pad(next(16))}:${pad(next(4) * 15)}`,
      );
    for (const v of samples) {
      const fast = parseInstant(v);
      // A space instead of the T takes the general path (regular expression and Date).
      const general = parseInstant(v.replace('T', ' '));
      if (typeof general === 'string') expect(fast, v).toEqual(general.replace(v.replace('T', ' '), v));
      else expect(fast, v).toEqual(general);
    }
  });
});
