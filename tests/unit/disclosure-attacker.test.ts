import { loadCatalog } from '@migfed/schema';
import { type Cell, protectionWidth, protectTable, shapeOf } from '@migfed/subgraph-country/disclosure';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attackTable } from '../harness/attacker.js';

const catalog = loadCatalog();

/** The rule applied to a table, then the attacker's interval for every withheld cell. */
async function publishAndAttack(indicator: string, cells: Cell[]) {
  const def = catalog.indicator(indicator)!;
  const marks = protectTable(shapeOf(catalog, def), cells);
  const published = cells.map((c) => ({ ...c, conf: marks.get(c.key) ?? c.conf }));
  const exposures = await attackTable(
    catalog,
    indicator,
    published.map((c) => ({ key: c.key, value: c.value, withheld: c.conf !== 'F' })),
  );
  return { published, exposures, threshold: def.smallCountThreshold };
}

/** Cells that a reader can pin down closer than the rule allows (empty when the table is safe). */
function tooNarrow(exposures: Awaited<ReturnType<typeof publishAndAttack>>['exposures'], threshold: number | null) {
  return exposures.filter((e) => e.hi - e.lo + 1e-6 < protectionWidth(e.value, threshold));
}

describe('disclosure control against an attacker with linear programming', () => {
  it('withholds the partner of a lone small cell: total 10, breakdown 7 and a withheld 3', async () => {
    // REFUGEE_STATUS_DECISIONS: CITIZENSHIP;DECISION — total 10 by citizenship: SYR 7, AFG 3.
    const cells: Cell[] = [
      { key: '_T;_T', value: 10, conf: 'F' },
      { key: 'SYR;_T', value: 7, conf: 'F' },
      { key: 'AFG;_T', value: 3, conf: 'F' },
    ];
    const { published, exposures, threshold } = await publishAndAttack('REFUGEE_STATUS_DECISIONS', cells);
    expect(Object.fromEntries(published.map((c) => [c.key, c.conf]))).toEqual({ '_T;_T': 'F', 'SYR;_T': 'D', 'AFG;_T': 'A' });
    expect(exposures.find((e) => e.key === 'AFG;_T')).toMatchObject({ lo: 0, hi: 10 });
    expect(tooNarrow(exposures, threshold)).toEqual([]);
  });

  it('without the rule the same table gives the withheld 3 away exactly', async () => {
    const exposures = await attackTable(catalog, 'REFUGEE_STATUS_DECISIONS', [
      { key: '_T;_T', value: 10, withheld: false },
      { key: 'SYR;_T', value: 7, withheld: false },
      { key: 'AFG;_T', value: 3, withheld: true },
    ]);
    expect(exposures).toEqual([{ key: 'AFG;_T', value: 3, lo: 3, hi: 3 }]);
  });

  it('two small cells whose sum is known to be small are not enough: 100 = 95 + 3 + 2', async () => {
    const cells: Cell[] = [
      { key: '_T;_T', value: 100, conf: 'F' },
      { key: 'SYR;_T', value: 95, conf: 'F' },
      { key: 'AFG;_T', value: 3, conf: 'F' },
      { key: 'IRQ;_T', value: 2, conf: 'F' },
    ];
    const { published, exposures, threshold } = await publishAndAttack('REFUGEE_STATUS_DECISIONS', cells);
    // 3 + 2 = 5 would bound each below 5; the interval must be at least the threshold wide.
    expect(published.map((c) => c.conf)).toEqual(['F', 'F', 'A', 'A']);
    expect(tooNarrow(exposures, threshold)).toEqual([]);
    const { published: tighter, exposures: e2 } = await publishAndAttack('REFUGEE_STATUS_DECISIONS', [
      ...cells.slice(0, 1),
      { key: 'SYR;_T', value: 96, conf: 'F' },
      { key: 'AFG;_T', value: 3, conf: 'F' },
      { key: 'IRQ;_T', value: 1, conf: 'F' },
    ]);
    expect(tighter.map((c) => c.conf)).toEqual(['F', 'D', 'A', 'A']);
    expect(tooNarrow(e2, threshold)).toEqual([]);
  });

  it('a cross-classification: rows and columns both pin a cell unless a rectangle is withheld', async () => {
    // ASYLUM_APPLICATIONS: APPLICATION_TYPE;CITIZENSHIP;SEX, by citizenship × sex.
    const interior: Record<string, number> = { 'SYR;F': 40, 'SYR;M': 60, 'AFG;F': 3, 'AFG;M': 30 };
    const cells: Cell[] = [];
    const add = (cit: string, sex: string, value: number) => cells.push({ key: `_T;${cit};${sex}`, value, conf: 'F' });
    for (const [k, v] of Object.entries(interior)) add(k.split(';')[0]!, k.split(';')[1]!, v);
    add('SYR', '_T', 100);
    add('AFG', '_T', 33);
    add('_T', 'F', 43);
    add('_T', 'M', 90);
    add('_T', '_T', 133);
    const { published, exposures, threshold } = await publishAndAttack('ASYLUM_APPLICATIONS', cells);
    expect(published.filter((c) => c.conf !== 'F').length).toBeGreaterThanOrEqual(4);
    expect(tooNarrow(exposures, threshold)).toEqual([]);
  });

  it('cells a focal point marks confidential are protected to ±10 % as well', async () => {
    const cells: Cell[] = [
      { key: '_T;_T', value: 1000, conf: 'F' },
      { key: '_T;F', value: 400, conf: 'C' },
      { key: '_T;M', value: 600, conf: 'F' },
    ];
    const { published, exposures } = await publishAndAttack('WORK_PERMITS_ISSUED', cells);
    expect(published.map((c) => c.conf)).toEqual(['F', 'C', 'D']);
    expect(tooNarrow(exposures, null)).toEqual([]);
  });

  it('follows a codelist with two breakdowns of the same total: AGE in broad and five-year bands', async () => {
    // STOCK_FOREIGNERS: AGE;CITIZENSHIP;SEX. Y0T4 and _U belong to both breakdowns of the total 1000.
    const age = (code: string, value: number, conf = 'F'): Cell => ({ key: `${code};_T;_T`, value, conf });
    const cells: Cell[] = [
      age('_T', 1000),
      age('Y0T4', 100),
      age('_U', 0),
      // broad: 100 + 150 + 150 + 500 + 100 = 1000
      age('Y5T11', 150),
      age('Y12T17', 150),
      age('Y18T59', 500),
      age('Y_GE60', 100, 'C'),
      // five-year, in part (the rest of the bands not published): 100 + 90 + 110 ≤ 1000
      age('Y5T9', 90),
      age('Y10T14', 110),
    ];
    const { published, exposures } = await publishAndAttack('STOCK_FOREIGNERS', cells);
    expect(published.filter((c) => c.conf === 'D').length).toBeGreaterThan(0);
    expect(tooNarrow(exposures, null)).toEqual([]);
  });

  it('holds for random tables with up to three breakdowns and their margins', async () => {
    const dims = {
      APPLICATION_TYPE: ['FIRST', 'REPEAT'],
      CITIZENSHIP: ['AFG', 'IRQ', 'SYR', '_O'],
      SEX: ['F', 'M'],
    } as const;
    // A small count is more likely than a large one, as in real asylum tables of small members.
    const count = fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 400 }));
    const table = fc.record({
      broken: fc.subarray(Object.keys(dims) as (keyof typeof dims)[], { minLength: 1 }),
      citizenships: fc.integer({ min: 1, max: 4 }),
      values: fc.array(count, { minLength: 16, maxLength: 16 }),
      confidential: fc.array(fc.boolean(), { minLength: 64, maxLength: 64 }),
    });
    await fc.assert(
      fc.asyncProperty(table, async ({ broken, citizenships, values, confidential }) => {
        const codes = (d: keyof typeof dims) =>
          broken.includes(d) ? (d === 'CITIZENSHIP' ? dims[d].slice(0, citizenships) : [...dims[d]]) : [];
        const names = Object.keys(dims) as (keyof typeof dims)[];
        // Interior cells, then every margin (each dimension either a code or `_T`), all additive.
        let interior: string[][] = [[]];
        for (const d of names) interior = interior.flatMap((k) => (codes(d).length ? codes(d) : ['_T']).map((c) => [...k, c]));
        const value = new Map(interior.map((k, i) => [k.join(';'), values[i % values.length]!]));
        let all: string[][] = [[]];
        for (const d of names) all = all.flatMap((k) => [...codes(d), '_T'].map((c) => [...k, c]));
        const keyValue = (k: string[]) =>
          interior.filter((i) => i.every((c, d) => k[d] === '_T' || k[d] === c)).reduce((s, i) => s + value.get(i.join(';'))!, 0);
        const cells: Cell[] = all.map((k, i) => ({
          key: k.join(';'),
          value: keyValue(k),
          conf: confidential[i % confidential.length] && i % 5 === 0 ? 'C' : 'F',
        }));
        const { published, exposures, threshold } = await publishAndAttack('ASYLUM_APPLICATIONS', cells);
        for (const c of published) {
          if (c.conf === 'F' && c.value! > 0) expect(c.value).toBeGreaterThanOrEqual(threshold!);
        }
        expect(tooNarrow(exposures, threshold)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  }, 120_000);
});
