// CSV downloads from /reports never carry a cell a spreadsheet would run as a formula
// (`=cmd|' /C calc'!A0` in a member's name or note), and every field reads back as written.
// Property-based over the report builder's own writer (gateway/reports/app/csv.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../harness/csv.js';
import { csvField, toCsv } from '../../gateway/reports/app/csv.js';

const FORMULA_START = /^[=+\-@\t\r]/;
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom("=cmd|' /C calc'!A0", '+1+1', '-2+3', '@SUM(A1:A9)', '\t=1', '\r=1', '=HYPERLINK("http://x","click")', '"=1"', ',=1'),
  fc.tuple(fc.constantFrom('=', '+', '-', '@', '\t', '\r'), fc.string()).map(([a, b]) => a + b),
);

describe('CSV export cells', () => {
  it('no text field starts like a formula once parsed, and it reads back as written (after the guard)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.oneof(text, fc.double({ noNaN: true }), fc.constant(null)), { minLength: 1, maxLength: 5 }), {
          minLength: 1,
          maxLength: 5,
        }),
        (rows) => {
          const parsed = parseCsv(toCsv(rows));
          expect(parsed).toHaveLength(rows.length);
          parsed.forEach((record, r) => {
            record.forEach((field, c) => {
              const original = rows[r]![c];
              if (typeof original !== 'string') return;
              expect(FORMULA_START.test(field), JSON.stringify(field)).toBe(false);
              expect(field.startsWith("'") && FORMULA_START.test(original) ? field.slice(1) : field).toBe(original);
            });
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('numbers stay numbers (a negative figure is data, not a formula)', () => {
    fc.assert(fc.property(fc.integer(), (n) => void expect(csvField(n)).toBe(String(n))));
  });
});
