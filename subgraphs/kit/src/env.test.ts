import { describe, expect, it } from 'vitest';
import { EnvReader } from './env.js';

describe('EnvReader', () => {
  it.each([
    ['16', 16],
    [' 16 ', 16],
    ['', 4000],
    ['0', 0],
  ])('reads PORT=%j as %j', (raw, expected) => {
    const r = new EnvReader({ PORT: raw });
    expect(r.int('PORT', 4000, 0, 65535)).toBe(expected);
    expect(r.problems).toEqual([]);
  });

  it.each(['0x10', '1e3', '+5', '16.0', '4000abc', '99999999999999999999'])('refuses PORT=%j and names it', (raw) => {
    const r = new EnvReader({ PORT: raw });
    expect(r.int('PORT', 4000, 0, 65535)).toBe(4000);
    expect(r.problems).toEqual([`PORT must be a whole number from 0 to 65535, got "${raw}"`]);
  });

  it.each([
    ['1', true],
    ['true', true],
    ['YES', true],
    ['on', true],
    ['0', false],
    ['False', false],
    ['no', false],
    ['off', false],
  ])('reads FLAG=%j as %j', (raw, expected) => {
    const r = new EnvReader({ FLAG: raw });
    expect(r.bool('FLAG', !expected)).toBe(expected);
    expect(r.problems).toEqual([]);
  });

  it('keeps the default for an unset or empty flag and refuses anything else', () => {
    const r = new EnvReader({ EMPTY: '  ', ODD: 'maybe' });
    expect(r.bool('UNSET', true)).toBe(true);
    expect(r.bool('EMPTY', false)).toBe(false);
    expect(r.bool('ODD', false)).toBe(false);
    expect(r.problems).toEqual(['ODD must be 1/0, true/false, yes/no or on/off, got "maybe"']);
  });

  it('lists every problem at once when done', () => {
    const r = new EnvReader({ A: 'x', B: 'y' });
    r.int('A', 1);
    r.bool('B', false);
    r.required('C', 'the database');
    expect(() => r.done('svc')).toThrow(/svc: invalid configuration:\n- A must .*\n- B must .*\n- C is required \(the database\)/);
  });
});
