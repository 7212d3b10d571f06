// One member's subgraph on a real PostgreSQL: `observations(frequency:)` sums a monthly flow's
// months into years or quarters on the member's side, series by series, counting the months with a
// published value and keeping every status and confidentiality among them; the same figures asked
// month by month add up to the sums.
import { createServer, seedCountry, type SeedData } from '@migfed/subgraph-country';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MigratedDatabase, migratedDatabase } from '../harness/databases.js';
import { gql } from '../harness/graphql.js';

const month = (year: number, m: number) => `${year}-${String(m).padStart(2, '0')}`;
const cell = (period: string, partner: string, value: number, status = 'A', confidentiality = 'F') => ({
  indicator: 'LONG_TERM_IMMIGRATION',
  period,
  dimensions: { SEX: '_T', AGE: '_T', CITIZENSHIP: '_T', PREVIOUS_RESIDENCE: partner },
  value,
  status,
  confidentiality,
  release: 'derived',
});

// UZB: every month of 2022 but November; March withheld (a small count), July estimated; six months of 2023.
// TJK: two months of 2022, both withheld.
const DATA: SeedData = {
  observations: [
    ...Array.from({ length: 12 }, (_, i) => i + 1)
      .filter((m) => m !== 11)
      .map((m) => cell(month(2022, m), 'UZB', m === 3 ? 2 : 10 + m, m === 7 ? 'E' : 'A', m === 3 ? 'A' : 'F')),
    ...Array.from({ length: 6 }, (_, i) => cell(month(2023, i + 1), 'UZB', 20 + i)),
    cell('2022-04', 'TJK', 1, 'A', 'A'),
    cell('2022-09', 'TJK', 2, 'A', 'A'),
  ],
  metadata: [],
  documents: [],
};

const FIELDS = 'period value status confidentiality parts partStatuses partConfidentiality dimensions { dimension code }';
const FILTER = '[{ dimension: "PREVIOUS_RESIDENCE", codes: ["UZB", "TJK"] }]';

describe('observations summed into a coarser frequency by the member', () => {
  let db: MigratedDatabase;
  let server: Awaited<ReturnType<typeof createServer>>;
  const member = async (args: string) => {
    const res = await gql(
      server.url,
      `{ _entities(representations: [{ __typename: "KAZ", iso3: "KAZ" }]) { ... on KAZ { observations(indicator: "LONG_TERM_IMMIGRATION", ${args}) { ${FIELDS} } } } }`,
    );
    return { errors: res.errors, rows: res.data?._entities?.[0]?.observations };
  };
  const partnerOf = (r: { dimensions: { dimension: string; code: string }[] }) =>
    r.dimensions.find((d) => d.dimension === 'PREVIOUS_RESIDENCE')!.code;

  beforeAll(async () => {
    db = await migratedDatabase('observations_summed');
    await seedCountry(db.handle.db, 'KAZ', DATA);
    server = await createServer({ country: 'KAZ', db: db.handle.db, port: 0 });
  });
  afterAll(async () => {
    await server?.stop();
    await db?.close();
  });

  it('sums the published months of each series and year, with how many there were and their flags', async () => {
    const { errors, rows } = await member(`from: "2022", to: "2023", filter: ${FILTER}, frequency: A`);
    expect(errors).toBeUndefined();
    expect(rows.map((r: { period: string }) => `${r.period} ${partnerOf(r as never)}`)).toEqual(['2022 TJK', '2022 UZB', '2023 UZB']);
    const monthly = await member(`from: "2022", to: "2023", filter: ${FILTER}`);
    for (const r of rows) {
      const months = monthly.rows.filter(
        (m: { period: string }) => m.period.startsWith(r.period) && partnerOf(m as never) === partnerOf(r),
      ) as { period: string; value: number | null; status: string; confidentiality: string }[];
      const free = months.filter((m) => m.value !== null);
      expect(r.value).toBe(free.length > 0 ? free.reduce((s, m) => s + m.value!, 0) : null);
      expect(r.parts).toBe(free.length);
      expect(r.partStatuses).toEqual([...new Set(months.map((m) => m.status))].sort());
      expect(r.partConfidentiality).toEqual([...new Set(months.map((m) => m.confidentiality))].sort());
    }
    const [tjk, uzb2022, uzb2023] = rows;
    // 11 + 12 + … + 22 without March (withheld) and November (not published).
    expect(uzb2022).toMatchObject({ value: 11 + 12 + 14 + 15 + 16 + 17 + 18 + 19 + 20 + 22, parts: 10, status: 'A', confidentiality: 'F' });
    expect(uzb2022).toMatchObject({ partStatuses: ['A', 'E'], partConfidentiality: ['A', 'F'] });
    expect(uzb2023).toMatchObject({ value: 20 + 21 + 22 + 23 + 24 + 25, parts: 6, partStatuses: ['A'], partConfidentiality: ['F'] });
    // Only withheld months: no value, and no sum that would give them away.
    expect(tjk).toMatchObject({ value: null, parts: 0, confidentiality: 'A', partConfidentiality: ['A'] });
  });

  it('sums months into quarters; its own frequency or none gives the figures as published', async () => {
    const quarters = await member(
      `from: "2022-01", to: "2022-06", filter: [{ dimension: "PREVIOUS_RESIDENCE", codes: ["UZB"] }], frequency: Q`,
    );
    expect(quarters.errors).toBeUndefined();
    expect(quarters.rows.map((r: { period: string; value: number; parts: number }) => [r.period, r.value, r.parts])).toEqual([
      ['2022-Q1', 11 + 12, 2],
      ['2022-Q2', 14 + 15 + 16, 3],
    ]);
    const own = await member(`from: "2022-01", to: "2022-02", filter: [{ dimension: "PREVIOUS_RESIDENCE", codes: ["UZB"] }], frequency: M`);
    expect(own.rows.map((r: { period: string; value: number; parts: number | null }) => [r.period, r.value, r.parts])).toEqual([
      ['2022-01', 11, null],
      ['2022-02', 12, null],
    ]);
  });

  it('refuses to split a figure into shorter periods, naming the argument', async () => {
    const res = await gql(
      server.url,
      '{ _entities(representations: [{ __typename: "KAZ", iso3: "KAZ" }]) { ... on KAZ { observations(indicator: "WORK_PERMITS_ISSUED", frequency: M) { value } } } }',
    );
    expect(res.errors?.[0]?.message).toBe(
      'frequency M: indicator WORK_PERMITS_ISSUED is published at frequency A and its figures are not split into shorter periods',
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
