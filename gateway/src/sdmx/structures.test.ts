// The SDMX structures and key handling, from the committed catalog: versioning (a version's key
// never changes length), key parsing errors, and how a key becomes member filters.
import { describe, expect, it } from 'vitest';
import { buildStructures } from './catalog.js';
import { planData } from './data-query.js';
import { parseKey } from './key.js';
import { negotiate, DATA_OFFERS } from './negotiate.js';
import { catalogAnswer } from '../testing/sdmx-catalog.js';
import { dsdVersions } from './versions.js';

const EMPTY_PARAMS = { includeHistory: false };

describe('SDMX structures from the catalog', () => {
  it('publishes a new version when the catalog gains a dimension, and the old key keeps its length', () => {
    const answer = catalogAnswer();
    const today = buildStructures(answer);
    expect(today.versions.map((v) => v.version)).toEqual(['1.0']);
    const grown = structuredClone(answer);
    grown.codelists.push({
      id: 'DURATION',
      name: 'Duration of stay',
      description: null,
      codes: [
        { id: '_T', name: 'Total' },
        { id: 'LT12M', name: 'Under a year' },
      ],
    });
    grown.indicators[0]!.dimensions.push({ id: 'DURATION', name: 'Duration of stay', codelist: { id: 'DURATION' } });
    const after = buildStructures(grown);
    expect(after.versions.map((v) => v.version)).toEqual(['1.0', '2.0']);
    expect(after.keyOf(after.version('1.0')!).map((d) => d.id)).toEqual(today.keyOf(today.latest).map((d) => d.id));
    expect(
      after
        .keyOf(after.latest)
        .map((d) => d.id)
        .at(-1),
    ).toBe('DURATION');
    // Version 1.0 asks for the new dimension's total: no filter on it, so the member answers `_T`.
    const plan = planData(after, after.version('1.0')!, parseKey(undefined, after.keyOf(after.version('1.0')!)), EMPTY_PARAMS)!;
    expect(plan.indicators[0]!.filter.map((f) => f.dimension)).not.toContain('DURATION');
    expect(dsdVersions(['SEX'])).toHaveLength(1);
  });

  it('adds _Z (not applicable) to every dimension codelist', () => {
    const s = buildStructures(catalogAnswer());
    for (const d of s.keyOf(s.latest).filter((k) => k.catalog))
      expect(
        d.codelist.codes.map((c) => c.id),
        d.id,
      ).toContain('_Z');
  });
});

describe('SDMX keys', () => {
  const s = buildStructures(catalogAnswer());
  const dims = s.keyOf(s.latest);
  /** A 17-position key from the codes given by position (others empty). */
  const k = (codes: Record<number, string>) => Array.from({ length: 17 }, (_, i) => codes[i] ?? '').join('.');

  it('names the position, dimension and code that are wrong', () => {
    expect(() => parseKey('A.KAZ', dims)).toThrow(/has 2 positions; this DSD's key has 17: FREQ.REF_AREA/);
    expect(() => parseKey(k({ 0: 'A', 1: 'KAZ', 2: 'WORK_PERMITS_ISSUED', 3: 'X' }), dims)).toThrow(
      'Key position 4 (SEX): "X" is not a code of CL_SEX',
    );
    expect(() => parseKey(k({ 1: 'KAZ+' }), dims)).toThrow(/Key position 2 \(REF_AREA\): "" is not a code/);
  });

  it('turns empty positions into allHeld, never the codelist, and skips indicators the key rules out', () => {
    const key = parseKey(k({ 0: 'A', 1: 'KAZ+UZB' }), dims);
    const plan = planData(s, s.latest, key, EMPTY_PARAMS)!;
    expect(plan.members).toEqual(['KAZ', 'UZB']);
    // Monthly BORDER_CROSSINGS is ruled out by FREQ=A.
    expect(plan.indicators.map((p) => p.indicator.code)).not.toContain('BORDER_CROSSINGS');
    const permits = plan.indicators.find((p) => p.indicator.code === 'WORK_PERMITS_ISSUED')!;
    expect(permits.filter).toEqual([
      { dimension: 'SEX', allHeld: true },
      { dimension: 'CITIZENSHIP', allHeld: true },
    ]);
    expect(plan.query).not.toMatch(/codes:/);
    // An AGE code rules out the indicators without AGE (their AGE is _Z).
    const age = s.keyOf(s.latest)[4]!.codelist.codes.find((c) => c.id !== '_T' && c.id !== '_Z')!.id;
    const agePlan = planData(s, s.latest, parseKey(k({ 4: age }), dims), EMPTY_PARAMS)!;
    expect(agePlan.indicators.map((p) => p.indicator.code).sort()).toEqual([
      'FOREIGN_BORN_POPULATION',
      'LONG_TERM_EMIGRATION',
      'LONG_TERM_IMMIGRATION',
      'STOCK_FOREIGNERS',
    ]);
    expect(agePlan.indicators[0]!.filter).toContainEqual({ dimension: 'AGE', codes: [age] });
    const none = parseKey(k({ 0: 'M', 2: 'WORK_PERMITS_ISSUED' }), dims);
    expect(planData(s, s.latest, none, EMPTY_PARAMS)).toBeUndefined();
  });
});

describe('content negotiation', () => {
  it('follows Accept and format=, with SDMX-ML Generic as the default, and refuses what is not offered', () => {
    expect(negotiate(DATA_OFFERS, undefined, undefined).format).toBe('generic');
    expect(negotiate(DATA_OFFERS, '*/*', undefined).format).toBe('generic');
    expect(negotiate(DATA_OFFERS, 'application/vnd.sdmx.data+csv;version=2.0.0', undefined).format).toBe('csv2');
    expect(negotiate(DATA_OFFERS, 'text/csv', undefined).format).toBe('csv1');
    expect(negotiate(DATA_OFFERS, 'application/pdf;q=1, application/json;q=0.5', undefined).format).toBe('json');
    expect(negotiate(DATA_OFFERS, 'application/pdf', 'structurespecificdata').format).toBe('structurespecific');
    expect(() => negotiate(DATA_OFFERS, 'application/pdf', undefined)).toThrow(/offered: application\/vnd.sdmx.genericdata\+xml/);
    expect(() => negotiate(DATA_OFFERS, 'application/vnd.sdmx.genericdata+xml;version=3.0.0', undefined)).toThrow(
      /not offered|None of the formats/,
    );
  });
});
