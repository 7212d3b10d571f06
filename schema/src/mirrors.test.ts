import { describe, expect, it } from 'vitest';
import { loadCatalog } from './catalog.js';
import { parseMirrorPairs } from './mirrors.js';

const catalog = loadCatalog();
const side = (indicator: string, partnerDimension: string, fixed: Record<string, string> = {}) => ({ indicator, partnerDimension, fixed });
const parse = (pair: Record<string, unknown>) =>
  parseMirrorPairs(
    {
      pairs: [
        {
          id: 'P',
          name: 'a pair',
          origin: side('LONG_TERM_EMIGRATION', 'NEXT_RESIDENCE'),
          destination: side('LONG_TERM_IMMIGRATION', 'PREVIOUS_RESIDENCE'),
          ...pair,
        },
      ],
    },
    catalog,
  );

describe('mirror pairs', () => {
  it('reads the agreed pairs', () => {
    expect(catalog.mirrorPairs.map((p) => p.id)).toEqual(['LONG_TERM_MIGRATION', 'CITIZENS_ABROAD', 'ASYLUM_APPLICATIONS']);
  });

  it('names the pair and the field of each mistake', () => {
    expect(() => parse({ destination: side('NOPE', 'CITIZENSHIP') })).toThrow(
      'mirrors.json pairs[0] (P).destination.indicator: "NOPE" is not an indicator',
    );
    expect(() => parse({ destination: side('STOCK_FOREIGNERS', 'NEXT_RESIDENCE') })).toThrow(
      'pairs[0] (P).destination.partnerDimension: "NEXT_RESIDENCE" is not a dimension of STOCK_FOREIGNERS',
    );
    expect(() => parse({ destination: side('STOCK_FOREIGNERS', 'SEX') })).toThrow('SEX does not name territories');
    expect(() => parse({ destination: side('LONG_TERM_IMMIGRATION', 'PREVIOUS_RESIDENCE', { SEX: 'X' }) })).toThrow(
      'destination.fixed.SEX: "X" is not a code of SEX',
    );
    expect(() => parse({ destination: side('STOCK_FOREIGNERS', 'CITIZENSHIP') })).toThrow(
      'LONG_TERM_EMIGRATION (M) and STOCK_FOREIGNERS (A) differ in frequency',
    );
    expect(() => parse({ origin: null })).toThrow('a pair without an origin side needs a thirdOpinion');
    expect(() => parse({ thirdOpinion: 'WORLD_BANK' })).toThrow('thirdOpinion: "WORLD_BANK" is none of UNHCR, UNDESA');
    expect(() => parseMirrorPairs({ pairs: [{ id: 'lower', name: 'x' }] }, catalog)).toThrow(
      'pairs[0] (lower).id: expected an upper-case code',
    );
  });
});
