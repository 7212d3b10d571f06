// One member's subgraph on a real PostgreSQL: `breakdown(by:)` gives the same figures as
// `observations`, one entry per code of the `by` dimension with its periods and values as lists —
// as published, and summed into years like `observations(frequency:)` — withheld values stay
// hidden, both sides of a mirror pair asked together are one statement, and a breakdown that
// would not make one series per code is refused naming the argument.
import { createServer, seedCountry, type SeedData } from '@migfed/subgraph-country';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MigratedDatabase, migratedDatabase } from '../harness/databases.js';
import { gql } from '../harness/graphql.js';

const month = (year: number, m: number) => `${year}-${String(m).padStart(2, '0')}`;
const flow =
  (indicator: string, partnerDimension: string) =>
  (period: string, partner: string, value: number, status = 'A', conf = 'F') => ({
    indicator,
    period,
    dimensions: { SEX: '_T', AGE: '_T', CITIZENSHIP: '_T', [partnerDimension]: partner },
    value,
    status,
    confidentiality: conf,
    release: 'derived',
  });
const arrivals = flow('LONG_TERM_IMMIGRATION', 'PREVIOUS_RESIDENCE');
const departures = flow('LONG_TERM_EMIGRATION', 'NEXT_RESIDENCE');

// Arrivals from UZB: every month of 2022 but November, March withheld, July estimated; six months
// of 2023; from TJK two withheld months; women from UZB (another series of the same partner).
// Departures to RUS in three months of 2022.
const DATA: SeedData = {
  observations: [
    ...Array.from({ length: 12 }, (_, i) => i + 1)
      .filter((m) => m !== 11)
      .map((m) => arrivals(month(2022, m), 'UZB', m === 3 ? 2 : 10 + m, m === 7 ? 'E' : 'A', m === 3 ? 'A' : 'F')),
    ...Array.from({ length: 6 }, (_, i) => arrivals(month(2023, i + 1), 'UZB', 20 + i)),
    arrivals('2022-04', 'TJK', 1, 'A', 'A'),
    arrivals('2022-09', 'TJK', 2, 'A', 'A'),
    { ...arrivals('2022-05', 'UZB', 7), dimensions: { SEX: 'F', AGE: '_T', CITIZENSHIP: '_T', PREVIOUS_RESIDENCE: 'UZB' } },
    departures('2022-02', 'RUS', 30),
    departures('2022-03', 'RUS', 31, 'P'),
    departures('2022-08', 'RUS', 32),
  ],
  metadata: [],
  documents: [],
};

const OBSERVATION = 'period value status confidentiality parts partStatuses partConfidentiality dimensions { dimension code }';
const SERIES = 'code periods values statuses confidentiality parts partStatuses partConfidentiality';
const PARTNERS = '[{ dimension: "PREVIOUS_RESIDENCE", codes: ["UZB", "TJK", "KGZ"] }]';

interface Observation {
  period: string;
  value: number | null;
  status: string;
  confidentiality: string;
  parts: number | null;
  partStatuses: string[] | null;
  partConfidentiality: string[] | null;
  dimensions: { dimension: string; code: string }[];
}

interface Series {
  code: string;
  periods: string[];
  values: (number | null)[];
  statuses: string[];
  confidentiality: string[];
  parts: number[] | null;
  partStatuses: string[] | null;
  partConfidentiality: string[] | null;
}

/** `observations` laid out as `breakdown` promises: per code of `by`, its periods in order. */
function asSeries(rows: Observation[], by: string): Series[] {
  const codes = [...new Set(rows.map((r) => r.dimensions.find((d) => d.dimension === by)!.code))].sort();
  return codes.map((code) => {
    const mine = rows
      .filter((r) => r.dimensions.some((d) => d.dimension === by && d.code === code))
      .sort((a, b) => (a.period < b.period ? -1 : 1));
    const summed = mine.some((r) => r.parts !== null);
    return {
      code,
      periods: mine.map((r) => r.period),
      values: mine.map((r) => r.value),
      statuses: mine.map((r) => r.status),
      confidentiality: mine.map((r) => r.confidentiality),
      parts: summed ? mine.map((r) => r.parts!) : null,
      partStatuses: summed ? mine.map((r) => r.partStatuses!.join('')) : null,
      partConfidentiality: summed ? mine.map((r) => r.partConfidentiality!.join('')) : null,
    };
  });
}

describe('breakdown: one series per code of a dimension, the same figures as observations', () => {
  let db: MigratedDatabase;
  let server: Awaited<ReturnType<typeof createServer>>;
  const entity = async (fields: string) => {
    const res = await gql(server.url, `{ _entities(representations: [{ __typename: "KAZ", iso3: "KAZ" }]) { ... on KAZ { ${fields} } } }`);
    return { errors: res.errors, data: res.data?._entities?.[0] };
  };

  beforeAll(async () => {
    db = await migratedDatabase('breakdown');
    await seedCountry(db.handle.db, 'KAZ', DATA);
    server = await createServer({ country: 'KAZ', db: db.handle.db, port: 0 });
  });
  afterAll(async () => {
    await server?.stop();
    await db?.close();
  });

  it.each([
    ['as published (months)', ''],
    ['summed into years', ', frequency: A'],
    ['summed into quarters', ', frequency: Q'],
  ])('%s: every code with figures, equal to observations', async (_, frequency) => {
    const args = `indicator: "LONG_TERM_IMMIGRATION", from: "2022", to: "2023", filter: ${PARTNERS}${frequency}`;
    const { errors, data } = await entity(
      `observations(${args}) { ${OBSERVATION} } breakdown(${args}, by: "PREVIOUS_RESIDENCE") { ${SERIES} }`,
    );
    expect(errors).toBeUndefined();
    // KGZ was asked but has no figures: no entry. The women's series is not asked (SEX is its total).
    expect(data.breakdown.map((s: Series) => s.code)).toEqual(['TJK', 'UZB']);
    expect(data.breakdown).toEqual(asSeries(data.observations, 'PREVIOUS_RESIDENCE'));
  });

  it('keeps what a sum says about its months and never shows a withheld value', async () => {
    const { data } = await entity(
      `breakdown(indicator: "LONG_TERM_IMMIGRATION", from: "2022", to: "2023", filter: ${PARTNERS}, frequency: A, by: "PREVIOUS_RESIDENCE") { ${SERIES} }`,
    );
    const [tjk, uzb] = data.breakdown as Series[];
    expect(uzb).toEqual({
      code: 'UZB',
      periods: ['2022', '2023'],
      // 11 + 12 + … + 22 without March (withheld) and November (not published); six months of 2023.
      values: [11 + 12 + 14 + 15 + 16 + 17 + 18 + 19 + 20 + 22, 20 + 21 + 22 + 23 + 24 + 25],
      statuses: ['A', 'A'],
      confidentiality: ['F', 'F'],
      parts: [10, 6],
      partStatuses: ['AE', 'A'],
      partConfidentiality: ['AF', 'F'],
    });
    expect(tjk).toMatchObject({ periods: ['2022'], values: [null], confidentiality: ['A'], parts: [0], partConfidentiality: ['A'] });
    const months = await entity(
      `breakdown(indicator: "LONG_TERM_IMMIGRATION", from: "2022-03", to: "2022-03", filter: ${PARTNERS}, by: "PREVIOUS_RESIDENCE") { ${SERIES} }`,
    );
    expect(months.data.breakdown).toEqual([
      {
        code: 'UZB',
        periods: ['2022-03'],
        values: [null],
        statuses: ['A'],
        confidentiality: ['A'],
        parts: null,
        partStatuses: null,
        partConfidentiality: null,
      },
    ]);
  });

  it('reads both sides of a mirror pair in one statement', async () => {
    db.statements.length = 0;
    const { errors, data } = await entity(
      `origin: breakdown(indicator: "LONG_TERM_EMIGRATION", from: "2022", to: "2022", frequency: A, by: "NEXT_RESIDENCE", filter: [{ dimension: "NEXT_RESIDENCE", codes: ["RUS", "UZB"] }]) { code values statuses parts partStatuses }
       destination: breakdown(indicator: "LONG_TERM_IMMIGRATION", from: "2022", to: "2022", frequency: A, by: "PREVIOUS_RESIDENCE", filter: ${PARTNERS}) { code values }`,
    );
    expect(errors).toBeUndefined();
    expect(data.origin).toEqual([{ code: 'RUS', values: [93], statuses: ['A'], parts: [3], partStatuses: ['AP'] }]);
    expect(data.destination.map((s: Series) => s.code)).toEqual(['TJK', 'UZB']);
    expect(db.statements.filter((s) => s.includes('observation_versions'))).toHaveLength(1);
  });

  it.each([
    [
      'a dimension the indicator does not have',
      'by: "NEXT_RESIDENCE"',
      'Indicator LONG_TERM_IMMIGRATION has no dimension "NEXT_RESIDENCE"',
      'by',
    ],
    [
      'two codes of another dimension',
      `by: "PREVIOUS_RESIDENCE", filter: [{ dimension: "PREVIOUS_RESIDENCE", codes: ["UZB"] }, { dimension: "SEX", codes: ["F", "M"] }]`,
      'breakdown by PREVIOUS_RESIDENCE: dimension SEX is asked for 2 codes',
      'filter',
    ],
    [
      'every code held of another dimension',
      'by: "PREVIOUS_RESIDENCE", filter: [{ dimension: "AGE", allHeld: true }]',
      'breakdown by PREVIOUS_RESIDENCE: dimension AGE is asked for every code held',
      'filter',
    ],
  ])('refuses %s, naming the argument', async (_, args, message, argument) => {
    const { errors } = await entity(`breakdown(indicator: "LONG_TERM_IMMIGRATION", ${args}) { code }`);
    expect(errors?.[0]?.message).toContain(message);
    expect(errors?.[0]?.extensions?.argument).toBe(argument);
  });
});
