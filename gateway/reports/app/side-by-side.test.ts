import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { threeMembers } from './fixtures.js';
import { compare, sideBySideQuery, supportsAsOf, unhcrFields } from './side-by-side.js';

describe('national and UNHCR side by side', () => {
  it('appears only when the graph has Country.unhcr.asylumApplications', () => {
    const withProvider = {
      fields: [
        { name: 'iso3', type: { name: null, fields: null } },
        { name: 'unhcr', type: { name: 'UnhcrStatistics', fields: [{ name: 'asylumApplications' }, { name: 'latestRelease' }] } },
      ],
    };
    expect(unhcrFields(withProvider)).toEqual(['asylumApplications', 'latestRelease']);
    expect(unhcrFields({ fields: [{ name: 'iso3', type: { name: null, fields: null } }] })).toBeNull();
    expect(unhcrFields(null)).toBeNull();
  });

  it('knows whether the graph can give figures as published at a date (asOf)', () => {
    const observations = (args: string[]) => ({
      fields: [{ name: 'observations', args: args.map((name) => ({ name })), type: { name: null, fields: null } }],
    });
    expect(supportsAsOf(observations(['indicator', 'from', 'to', 'filter', 'asOf']))).toBe(true);
    expect(supportsAsOf(observations(['indicator', 'from', 'to', 'filter']))).toBe(false);
  });

  it('asks for every year in one operation, with the release that answers when the provider has it', () => {
    const text = sideBySideQuery([2022, 2023], ['asylumApplications', 'latestRelease']);
    expect(() => parse(text)).not.toThrow();
    expect(text).toContain(
      'unhcr { latestRelease { label source demo } y2022: asylumApplications(year: 2022) y2023: asylumApplications(year: 2023) }',
    );
    expect(sideBySideQuery([2022], ['asylumApplications'])).not.toContain('latestRelease');
  });

  it('computes national minus UNHCR where both have a figure', () => {
    const data = { ...threeMembers(), periods: ['2022', '2023', '2024'] };
    const rows = compare(
      data,
      new Map<string, Record<string, number | null>>([
        ['ARM', { y2022: 90, y2023: null, y2024: 125 }],
        ['GEO', { y2022: 12 }],
      ]),
    );
    expect(rows.map((r) => [r.iso3, r.years.map((y) => y.difference)])).toEqual([
      ['ARM', [10, null, -5]],
      ['GEO', [-2, null, null]],
      ['MDA', [null, null, null]],
    ]);
  });

  it('never computes a difference from a withheld national figure, even one sent with its value', () => {
    const data = threeMembers();
    // GEO's 2024 figure is confidential: the graph sends null, a careless source might send 7.
    data.members[1]!.observations![1]!.value = 7;
    const rows = compare(data, new Map([['GEO', { y2022: 12, y2023: null, y2024: 9 }]]));
    expect(rows.find((r) => r.iso3 === 'GEO')!.years.at(-1)).toEqual({ year: 2024, national: null, unhcr: 9, difference: null });
  });
});
