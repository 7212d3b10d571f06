// One member's subgraph on a real PostgreSQL: the "_T unless asked" rule, period ranges across
// frequencies, withheld values, metadata and documents.
import { createServer, seedCountry, type SeedData } from '@migfed/subgraph-country';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MigratedDatabase, migratedDatabase } from '../harness/databases.js';
import { gql } from '../harness/graphql.js';

const cell = (
  indicator: string,
  period: string,
  dimensions: Record<string, string>,
  value: number | null,
  extra: Partial<SeedData['observations'][number]> = {},
) => ({
  indicator,
  period,
  dimensions,
  value,
  status: 'A',
  confidentiality: 'F',
  release: 'test',
  ...extra,
});

const DATA: SeedData = {
  observations: [
    cell('STOCK_FOREIGNERS', '2022', { SEX: '_T', AGE: '_T', CITIZENSHIP: '_T' }, 1000),
    cell('STOCK_FOREIGNERS', '2022', { SEX: 'F', AGE: '_T', CITIZENSHIP: '_T' }, 450),
    cell('STOCK_FOREIGNERS', '2022', { SEX: 'M', AGE: '_T', CITIZENSHIP: '_T' }, 550),
    cell('STOCK_FOREIGNERS', '2022', { SEX: '_T', AGE: '_T', CITIZENSHIP: 'UKR' }, 600),
    cell('STOCK_FOREIGNERS', '2022', { SEX: '_T', AGE: '_T', CITIZENSHIP: '_O' }, 400),
    cell('STOCK_FOREIGNERS', '2022', { SEX: 'F', AGE: '_T', CITIZENSHIP: 'UKR' }, 300),
    cell('ASYLUM_APPLICATIONS', '2022', { CITIZENSHIP: 'SYR', SEX: '_T', APPLICATION_TYPE: '_T' }, 3, { confidentiality: 'A' }),
    cell('ASYLUM_APPLICATIONS', '2022', { CITIZENSHIP: '_T', SEX: '_T', APPLICATION_TYPE: '_T' }, null, { status: 'L' }),
    ...['2022-11', '2022-12', '2023-01', '2023-02'].map((p, i) =>
      cell('BORDER_CROSSINGS', p, { DIRECTION: '_T', TRAVELLER: '_T', BORDER_TYPE: '_T', CITIZENSHIP: '_T' }, 100 + i),
    ),
  ],
  metadata: [
    {
      indicator: 'STOCK_FOREIGNERS',
      nationalDefinition: 'Temporary and permanent permits',
      differenceFromAgreed: 'Includes temporary permits under 90 days',
      sourceType: 'ADMINISTRATIVE_RECORDS',
      agency: 'Bureau for Migration and Asylum',
      coverage: 'Excludes Transnistria',
      comparability: null,
    },
  ],
  documents: [
    {
      id: 'law-200',
      title: 'Law on the regime of foreigners',
      kind: 'LAW',
      language: 'ro',
      adopted: '2010-11-16',
      url: 'https://docs.example/law-200',
      summary: 'Entry and stay.',
    },
    {
      id: 'strategy',
      title: 'National migration and asylum strategy',
      kind: 'STRATEGY',
      language: 'en',
      adopted: '2011-07-08',
      url: null,
      summary: null,
    },
  ],
};

type Obs = {
  period: string;
  value: number | null;
  status: string;
  confidentiality: string;
  dimensions: { dimension: string; code: string; territory: { iso3: string } | null }[];
};

describe('country subgraph', () => {
  let db: MigratedDatabase;
  let server: Awaited<ReturnType<typeof createServer>>;
  const member = async (fields: string) => {
    const res = await gql(server.url, `{ _entities(representations: [{ __typename: "MDA", iso3: "MDA" }]) { ... on MDA { ${fields} } } }`);
    return { errors: res.errors, data: res.data?._entities?.[0] };
  };

  beforeAll(async () => {
    db = await migratedDatabase('country');
    await seedCountry(db.handle.db, 'MDA', DATA);
    await seedCountry(db.handle.db, 'ARM', {
      observations: [cell('STOCK_FOREIGNERS', '2022', { SEX: '_T', AGE: '_T', CITIZENSHIP: '_T' }, 7)],
      metadata: [],
      documents: [],
    });
    server = await createServer({ country: 'MDA', db: db.handle.db, port: 0 });
  });
  afterAll(async () => {
    await server?.stop();
    await db?.close();
  });

  it('returns only the total when no breakdown is asked, and only its own country', async () => {
    const { data } = await member(`observations(indicator: "STOCK_FOREIGNERS") { period value }`);
    expect(data.observations).toEqual([{ period: '2022', value: 1000 }]);
  });

  it('returns the breakdown asked for, with territories for citizenship codes', async () => {
    const { data } = await member(
      `observations(indicator: "STOCK_FOREIGNERS", filter: [{ dimension: "CITIZENSHIP", codes: ["UKR", "_O"] }]) { value dimensions { dimension code territory { iso3 } } }`,
    );
    const rows = data.observations as Obs[];
    expect(rows.map((r) => r.value).sort()).toEqual([400, 600]);
    const ukr = rows.find((r) => r.value === 600);
    expect(ukr?.dimensions).toEqual([
      { dimension: 'SEX', code: '_T', territory: null },
      { dimension: 'AGE', code: '_T', territory: null },
      { dimension: 'CITIZENSHIP', code: 'UKR', territory: { iso3: 'UKR' } },
    ]);
    const cross = await member(
      `observations(indicator: "STOCK_FOREIGNERS", filter: [{ dimension: "SEX", codes: ["F"] }, { dimension: "CITIZENSHIP", codes: ["UKR"] }]) { value }`,
    );
    expect(cross.data.observations).toEqual([{ value: 300 }]);
  });

  it('withholds values that are not free, keeping their flags; missing values keep their status', async () => {
    const { data } = await member(
      `observations(indicator: "ASYLUM_APPLICATIONS", filter: [{ dimension: "CITIZENSHIP", codes: ["_T", "SYR"] }]) { value status confidentiality }`,
    );
    expect(data.observations).toHaveLength(2);
    expect(data.observations).toEqual(
      expect.arrayContaining([
        { value: null, status: 'L', confidentiality: 'F' },
        { value: null, status: 'A', confidentiality: 'A' },
      ]),
    );
  });

  it('selects monthly periods with annual, quarterly or monthly bounds', async () => {
    const periods = async (args: string) =>
      ((await member(`observations(indicator: "BORDER_CROSSINGS"${args}) { period }`)).data.observations as Obs[]).map((o) => o.period);
    expect(await periods(', from: "2023"')).toEqual(['2023-01', '2023-02']);
    expect(await periods(', to: "2022-Q4"')).toEqual(['2022-11', '2022-12']);
    expect(await periods(', from: "2022-12", to: "2023-01"')).toEqual(['2022-12', '2023-01']);
  });

  it.each([
    ['indicator: "NOPE"', 'UNKNOWN_INDICATOR', /Unknown indicator "NOPE"/],
    [
      'indicator: "STOCK_FOREIGNERS", filter: [{ dimension: "REASON", codes: ["FAM"] }]',
      'UNKNOWN_DIMENSION',
      /has no dimension "REASON"; its dimensions are: SEX, AGE, CITIZENSHIP/,
    ],
    ['indicator: "STOCK_FOREIGNERS", filter: [{ dimension: "SEX", codes: ["X"] }]', 'UNKNOWN_CODE', /"X" is not a code of dimension SEX/],
    ['indicator: "STOCK_FOREIGNERS", from: "2022-13"', 'INVALID_PERIOD', /from "2022-13" is not an SDMX time period/],
  ])('refuses %s with %s', async (args, code, message) => {
    const { errors } = await member(`observations(${args}) { value }`);
    expect(errors?.[0]?.extensions?.code).toBe(code);
    expect(errors?.[0]?.message).toMatch(message);
  });

  it('serves national metadata and documents', async () => {
    const { data } = await member(`metadata(indicator: "STOCK_FOREIGNERS") { differenceFromAgreed sourceType coverage }
      none: metadata(indicator: "RETURNS") { agency } documents(kind: "LAW") { id adopted } all: documents { id }`);
    expect(data.metadata).toEqual({
      differenceFromAgreed: 'Includes temporary permits under 90 days',
      sourceType: 'ADMINISTRATIVE_RECORDS',
      coverage: 'Excludes Transnistria',
    });
    expect(data.none).toBeNull();
    expect(data.documents).toEqual([{ id: 'law-200', adopted: '2010-11-16' }]);
    expect(data.all.map((d: { id: string }) => d.id)).toEqual(['strategy', 'law-200']);
  });

  it('summarises what it has published per indicator', async () => {
    const { data } = await member(`coverage { indicator firstPeriod lastPeriod periods lastRelease lastPublishedAt }`);
    expect(
      data.coverage.map((c: { indicator: string; firstPeriod: string; lastPeriod: string; periods: number }) => [
        c.indicator,
        c.firstPeriod,
        c.lastPeriod,
        c.periods,
      ]),
    ).toEqual([
      ['ASYLUM_APPLICATIONS', '2022', '2022', 1],
      ['BORDER_CROSSINGS', '2022-11', '2023-02', 4],
      ['STOCK_FOREIGNERS', '2022', '2022', 1],
    ]);
    expect(data.coverage[0].lastRelease).toBe('test');
    expect(Date.parse(data.coverage[0].lastPublishedAt)).not.toBeNaN();
  });

  it('masks database failures as internal errors without SQL', async () => {
    await db.handle.db.execute(
      /* sql */ (await import('drizzle-orm')).sql`alter table country.documents rename column summary to summary_old`,
    );
    try {
      const res = await gql(
        server.url,
        `{ _entities(representations: [{ __typename: "MDA", iso3: "MDA" }]) { ... on MDA { documents { id } } } }`,
      );
      expect(res.errors?.[0]?.message).toBe('Internal server error');
      expect(JSON.stringify(res)).not.toMatch(/select|summary|country\.documents/i);
    } finally {
      await db.handle.db.execute((await import('drizzle-orm')).sql`alter table country.documents rename column summary_old to summary`);
    }
  });
});
