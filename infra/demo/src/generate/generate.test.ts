import { loadCatalog, loadRegion } from '@migfed/schema';
import { describe, expect, it } from 'vitest';
import { apportion } from './apportion.js';
import { type GeneratedCountryData, type GeneratedObservation, generateCountryData } from './index.js';

const catalog = loadCatalog();
const dsm = loadRegion('dsm').members;
const siemmes = loadRegion('siemmes').members;
const members = [...dsm, ...siemmes];

const cache = new Map<string, GeneratedCountryData>();
function data(iso3: string): GeneratedCountryData {
  let d = cache.get(iso3);
  if (!d) {
    d = generateCountryData(iso3);
    cache.set(iso3, d);
  }
  return d;
}

const isTotal = (o: GeneratedObservation) => Object.values(o.dimensions).every((c) => c === '_T');
const nonTotal = (o: GeneratedObservation) => Object.entries(o.dimensions).filter(([, c]) => c !== '_T');
const totalOf = (d: GeneratedCountryData, indicator: string, period: string) =>
  d.observations.find((o) => o.indicator === indicator && o.period === period && isTotal(o))?.value ?? 0;
const yearOfMonths = (d: GeneratedCountryData, indicator: string, year: number) =>
  d.observations
    .filter((o) => o.indicator === indicator && o.period.startsWith(`${year}-`) && isTotal(o))
    .reduce((sum, o) => sum + (o.value ?? 0), 0);

function groups(d: GeneratedCountryData): Map<string, GeneratedObservation[]> {
  const byPeriod = new Map<string, GeneratedObservation[]>();
  for (const o of d.observations) {
    const key = `${o.indicator} ${o.period}`;
    byPeriod.set(key, [...(byPeriod.get(key) ?? []), o]);
  }
  return byPeriod;
}

describe('apportion', () => {
  it('splits an integer total exactly, without negative parts', () => {
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(apportion(7, [0.5, 0.25, 0.25])).toEqual([3, 2, 2]);
    expect(apportion(5, [0, 0])).toEqual([3, 2]);
    expect(apportion(0, [3, 1])).toEqual([0, 0]);
  });
});

describe('generateCountryData', () => {
  it('is deterministic for a country and seed, and the seed changes the noise', () => {
    expect(generateCountryData('MDA', { seed: 7 })).toEqual(generateCountryData('MDA', { seed: 7 }));
    const a = generateCountryData('MDA', { seed: 7 }).observations.map((o) => o.value);
    const b = generateCountryData('MDA', { seed: 8 }).observations.map((o) => o.value);
    expect(a).not.toEqual(b);
  });

  it.each(members.map((m) => [m.iso3, m.agency]))('generates data, metadata and documents for %s', (iso3, agency) => {
    const d = data(iso3);
    expect(d.observations.length).toBeGreaterThan(1000);
    expect(d.metadata.map((m) => m.indicator).sort()).toEqual(catalog.indicators.map((i) => i.code).sort());
    for (const m of d.metadata) {
      expect(m.agency).toBe(agency);
      expect(m.country).toBe(iso3);
    }
    expect(d.metadata.find((m) => m.indicator === 'FOREIGN_BORN_POPULATION')?.sourceType).toBe('CENSUS');
    expect(d.documents.length).toBeGreaterThanOrEqual(2);
    expect(d.documents.length).toBeLessThanOrEqual(4);
    expect(new Set(d.documents.map((doc) => doc.id)).size).toBe(d.documents.length);
    for (const doc of d.documents) {
      expect(new URL(doc.url).hostname).toMatch(/\.example$/);
      expect(doc.language).toMatch(/^[a-z]{2}$/);
      expect(doc.adopted).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(doc.summary).toMatch(/demo/i);
    }
  });

  it('gives every observation exactly the indicator dimensions, with codes from the right codelists', () => {
    const codes = (codelist: string) => new Set(catalog.codelists.get(codelist)?.codes.map((c) => c.id));
    const byDimension = new Map([...catalog.dimensions.values()].map((d) => [d.id, codes(d.codelist)]));
    const broadAges = new Set(['_T', 'Y0T4', 'Y5T11', 'Y12T17', 'Y18T59', 'Y_GE60']);
    const obsStatus = codes('OBS_STATUS');
    const confStatus = codes('CONF_STATUS');
    const problems: string[] = [];
    for (const { iso3 } of members) {
      for (const o of data(iso3).observations) {
        const def = catalog.indicator(o.indicator);
        const where = `${iso3} ${o.indicator} ${o.period} ${JSON.stringify(o.dimensions)}`;
        if (!def) {
          problems.push(`${where}: unknown indicator`);
          continue;
        }
        if (Object.keys(o.dimensions).sort().join() !== [...def.dimensions].sort().join()) problems.push(`${where}: dimensions`);
        for (const [dim, code] of Object.entries(o.dimensions)) {
          if (!byDimension.get(dim)?.has(code)) problems.push(`${where}: ${dim}=${code} not in its codelist`);
        }
        if ('AGE' in o.dimensions && !broadAges.has(o.dimensions.AGE!)) problems.push(`${where}: not a broad age band`);
        if (o.indicator !== 'BORDER_CROSSINGS' && o.dimensions.CITIZENSHIP === iso3) problems.push(`${where}: own citizenship`);
        if (!(def.frequency === 'M' ? /^\d{4}-(0[1-9]|1[0-2])$/ : /^\d{4}$/).test(o.period)) problems.push(`${where}: period`);
        if (!Number.isInteger(o.value) || o.value! < 0) problems.push(`${where}: value ${o.value}`);
        if (!obsStatus.has(o.status) || !confStatus.has(o.confidentiality)) problems.push(`${where}: status`);
        if (!/^\d{4} annual(, revised)?$/.test(o.release) || !o.release.startsWith(o.period.slice(0, 4)) || o.country !== iso3)
          problems.push(`${where}: release or country`);
      }
    }
    expect(problems.slice(0, 20)).toEqual([]);
  });

  it('has a real revision: work permits 2023 first provisional, then the whole table revised in September', () => {
    for (const { iso3 } of members) {
      const d = data(iso3);
      const now = d.observations.filter((o) => o.release === '2023 annual, revised');
      const key = (o: GeneratedObservation) => `${o.indicator} ${o.period} ${JSON.stringify(o.dimensions)}`;
      if (now.length === 0) continue;
      expect(d.revised.map(key).sort(), iso3).toEqual(now.map(key).sort());
      expect(new Set(d.revised.map((o) => `${o.release} ${o.status}`)), iso3).toEqual(new Set(['2023 annual P']));
      const total = (rows: GeneratedObservation[]) => rows.find(isTotal)!.value;
      expect(total(d.revised), iso3).not.toBe(total(now));
      const first = groups({ ...d, observations: d.revised }).get('WORK_PERMITS_ISSUED 2023')!;
      expect(first.filter(isTotal)).toHaveLength(1);
      expect(d.releases).toContainEqual({ name: '2023 annual, revised', publishedAt: '2024-09-30T09:00:00Z' });
    }
    expect(data('MDA').revised.length).toBeGreaterThan(0);
  });

  it('adds every breakdown up exactly to its total, and the SEX × CITIZENSHIP table to both margins', () => {
    for (const { iso3 } of members) {
      for (const [key, rows] of groups(data(iso3))) {
        const totals = rows.filter(isTotal);
        expect(totals, key).toHaveLength(1);
        const total = totals[0]!.value!;
        const seen = new Set(rows.map((o) => JSON.stringify(o.dimensions)));
        expect(seen.size, `${iso3} ${key} duplicates`).toBe(rows.length);
        const margins = new Map<string, Map<string, number>>();
        const cross: GeneratedObservation[] = [];
        for (const o of rows) {
          const open = nonTotal(o);
          if (open.length === 1) {
            const [dim, code] = open[0]!;
            margins.set(dim, (margins.get(dim) ?? new Map()).set(code, o.value!));
          } else if (open.length === 2) cross.push(o);
          else expect(open.length, `${iso3} ${key}: one total only`).toBe(0);
        }
        for (const [dim, margin] of margins) {
          expect(
            [...margin.values()].reduce((a, b) => a + b, 0),
            `${iso3} ${key} ${dim}`,
          ).toBe(total);
        }
        if (cross.length === 0) continue;
        expect(['STOCK_FOREIGNERS', 'WORK_PERMITS_ISSUED']).toContain(rows[0]!.indicator);
        for (const [dim, other] of [
          ['SEX', 'CITIZENSHIP'],
          ['CITIZENSHIP', 'SEX'],
        ] as const) {
          for (const [code, value] of margins.get(dim)!) {
            const cells = cross.filter((o) => o.dimensions[dim] === code);
            expect(cells.every((o) => o.dimensions[other] !== '_T')).toBe(true);
            expect(
              cells.reduce((a, o) => a + o.value!, 0),
              `${iso3} ${key} ${dim}=${code}`,
            ).toBe(value);
          }
        }
      }
    }
  });

  it('publishes one WORK_PERMITS_ISSUED total per year 2015–2024 for every DSM member', () => {
    for (const { iso3 } of dsm) {
      const periods = data(iso3)
        .observations.filter((o) => o.indicator === 'WORK_PERMITS_ISSUED' && isTotal(o))
        .map((o) => o.period);
      expect(periods, iso3).toEqual(Array.from({ length: 10 }, (_, i) => String(2015 + i)));
    }
  });

  it('orders magnitudes sensibly', () => {
    for (const year of ['2015', '2024']) {
      expect(totalOf(data('RUS'), 'STOCK_FOREIGNERS', year)).toBeGreaterThan(totalOf(data('KAZ'), 'STOCK_FOREIGNERS', year));
      expect(totalOf(data('KAZ'), 'STOCK_FOREIGNERS', year)).toBeGreaterThan(totalOf(data('MDA'), 'STOCK_FOREIGNERS', year));
    }
    expect(totalOf(data('RUS'), 'WORK_PERMITS_ISSUED', '2019')).toBeGreaterThan(1e6);
    expect(yearOfMonths(data('MEX'), 'BORDER_CROSSINGS', 2019)).toBeGreaterThan(10 * yearOfMonths(data('BLZ'), 'BORDER_CROSSINGS', 2019));
    expect(totalOf(data('MEX'), 'ASYLUM_APPLICATIONS', '2023')).toBeGreaterThan(3 * totalOf(data('MEX'), 'ASYLUM_APPLICATIONS', '2018'));
  });

  it('shows the pandemic, the summer peak and the 2022 exits from Ukraine', () => {
    for (const { iso3 } of members) {
      const d = data(iso3);
      expect(yearOfMonths(d, 'BORDER_CROSSINGS', 2020), iso3).toBeLessThan(0.6 * yearOfMonths(d, 'BORDER_CROSSINGS', 2019));
    }
    const month = (d: GeneratedCountryData, period: string, code?: string) =>
      d.observations.find(
        (o) => o.indicator === 'BORDER_CROSSINGS' && o.period === period && (code ? nonTotal(o)[0]?.[1] === code : isTotal(o)),
      )?.value ?? 0;
    expect(month(data('GEO'), '2019-08')).toBeGreaterThan(month(data('GEO'), '2019-01'));
    expect(month(data('UKR'), '2022-03', 'EXIT')).toBeGreaterThan(3 * month(data('UKR'), '2022-03', 'ENTRY'));
    expect(month(data('UKR'), '2023-06', 'AIR')).toBe(0);
  });

  it('marks the latest year provisional and has a break and some estimates', () => {
    const all = members.flatMap(({ iso3 }) => data(iso3).observations);
    expect(all.filter((o) => o.period.startsWith('2024')).every((o) => o.status === 'P')).toBe(true);
    expect(all.some((o) => o.status === 'E')).toBe(true);
    for (const { iso3 } of members)
      expect(
        data(iso3).observations.some((o) => o.status === 'B'),
        iso3,
      ).toBe(true);
    expect(all.filter((o) => o.status === 'A').length / all.length).toBeGreaterThan(0.7);
  });

  it('has FOREIGN_BORN_POPULATION only in one or two census years', () => {
    for (const { iso3 } of members) {
      const years = new Set(
        data(iso3)
          .observations.filter((o) => o.indicator === 'FOREIGN_BORN_POPULATION')
          .map((o) => o.period),
      );
      expect(years.size, iso3).toBeLessThanOrEqual(2);
    }
    expect(totalOf(data('RUS'), 'FOREIGN_BORN_POPULATION', '2021')).toBeGreaterThan(1e6);
  });

  it('keeps the rows of all DSM members under 150k', () => {
    const count = (region: typeof dsm) => region.reduce((sum, m) => sum + data(m.iso3).observations.length, 0);
    const rows = { dsm: count(dsm), siemmes: count(siemmes) };
    console.log(`generated observation rows: ${JSON.stringify(rows)}`);
    expect(rows.dsm).toBeLessThan(150_000);
  });
});
