// the UNHCR importer on the REAL published files (../shared/data/unhcr), both layouts, and
// the provider subgraph answering from them. Expected figures are computed here from the CSV files.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb, type DbHandle } from '@migfed/subgraph-kit';
import { createServer, type ImportResult, importUnhcr, migrate } from '@migfed/subgraph-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsv, sumOf, UNHCR_2021, UNHCR_2025 } from '../fixtures/provider-data.js';
import { testDatabase, type TestDatabase } from '../harness/context.js';
import { gql } from '../harness/graphql.js';

const MEMBERS = ['MDA', 'UKR', 'RUS', 'GEO', 'ARM', 'MEX', 'CRI', 'PAN', 'GTM'];
const apps2025 = () => readCsv(join(UNHCR_2025, 'asylum_applications.csv'));
const apps2021 = () => readCsv(join(UNHCR_2021, 'asylum-applications.csv'));

let database: TestDatabase;
let handle: DbHandle;
let server: Awaited<ReturnType<typeof createServer>>;
let first: ImportResult;
let older: ImportResult;
const lines: string[] = [];

/** Asks the subgraph what the gateway would: `_entities` with Country representations. */
async function unhcr(iso3: readonly string[], selection: string, variables: Record<string, unknown> = {}) {
  const year = selection.includes('$year') ? ', $year: Int!' : '';
  return gql(
    server.url,
    `query($reps: [_Any!]!${year}) { _entities(representations: $reps) { ... on Country { iso3 unhcr { ${selection} } } } }`,
    { reps: iso3.map((c) => ({ __typename: 'Country', iso3: c })), ...(year ? { year: 2022 } : {}), ...variables },
  );
}

beforeAll(async () => {
  database = await testDatabase('provider_unhcr');
  handle = createDb({ url: database.url });
  await migrate(handle);
  first = await importUnhcr(handle, { folder: UNHCR_2025, progress: (l) => lines.push(l) });
  older = await importUnhcr(handle, { folder: UNHCR_2021 });
  server = await createServer({ provider: 'unhcr', db: handle.db, port: 0 });
});

afterAll(async () => {
  await server?.stop();
  await handle?.close();
  await database?.drop();
});

describe('importing UNHCR release 2025.12.1 (API columns)', () => {
  it('loads every row of every table in seconds, with progress, ignoring countries.csv', () => {
    expect(first.load.outcome).toBe('loaded');
    if (first.load.outcome === 'unchanged') return;
    const loaded = Object.fromEntries(first.load.stats.map((s) => [s.table, [s.read, s.loaded, s.rejected]]));
    expect(loaded).toEqual({
      applications: [120_597, 120_597, 0],
      decisions: [113_929, 113_929, 0],
      demographics: [20_771, 20_771, 0],
      population: [138_893, 138_893, 0],
    });
    expect(first.ignored.map((i) => i.file)).toEqual(['countries.csv']);
    expect(first.release).toMatchObject({ label: '2025.12.1', publishedOn: '2025-12-01', demo: false });
    expect(lines).toContain('  asylum_applications.csv: 100,000 rows…');
    const applications = first.load.stats.find((s) => s.table === 'applications')!;
    expect(applications.ms).toBeLessThan(20_000);
  });

  it.each(MEMBERS)('%s: asylumApplications(year) is the sum of applied over every row, for several years', async (iso3) => {
    for (const year of [2015, 2020, 2022, 2024]) {
      const expected = sumOf(apps2025(), 'applied', { coa_iso: iso3, year: String(year) });
      const res = await unhcr([iso3], 'asylumApplications(year: $year)', { year });
      expect(res.errors).toBeUndefined();
      expect(res.data._entities[0].unhcr.asylumApplications, `${iso3} ${year}`).toBe(expected === 0 ? null : expected);
    }
  });

  it('answers every member in one request, and by origin (ISO3 or UNHCR code)', async () => {
    const res = await unhcr(
      MEMBERS,
      'total: asylumApplications(year: $year) fromUkr: asylumApplications(year: $year, origin: "UKR") unknown: asylumApplications(year: $year, origin: "UNK")',
    );
    expect(res.errors).toBeUndefined();
    for (const e of res.data._entities) {
      const rows = apps2025().filter((r) => r.coa_iso === e.iso3 && r.year === '2022');
      const fromUkr = sumOf(rows, 'applied', { coo_iso: 'UKR' });
      const unknown = sumOf(rows, 'applied', { coo_iso: 'UNK' });
      expect(e.unhcr, e.iso3).toEqual({ total: sumOf(rows, 'applied', {}) || null, fromUkr: fromUkr || null, unknown: unknown || null });
    }
  });

  it('keeps persons and cases apart by origin; together they are the published total', async () => {
    const res = await unhcr(
      ['PAN', 'MEX'],
      'asylumApplications(year: $year) asylumApplicationsByOrigin(year: $year) { originCode origin { iso3 } applied persons cases }',
    );
    for (const e of res.data._entities) {
      const rows = apps2025().filter((r) => r.coa_iso === e.iso3 && r.year === '2022');
      const byOrigin = e.unhcr.asylumApplicationsByOrigin as { originCode: string; applied: number; persons: number; cases: number }[];
      expect(byOrigin.reduce((s, o) => s + o.applied, 0)).toBe(e.unhcr.asylumApplications);
      expect(byOrigin.reduce((s, o) => s + o.cases, 0)).toBe(sumOf(rows, 'applied', { app_pc: 'C' }));
      expect(byOrigin.reduce((s, o) => s + o.persons, 0)).toBe(sumOf(rows, 'applied', { app_pc: 'P' }));
      for (const o of byOrigin) expect(o.persons + o.cases).toBe(o.applied);
    }
  });

  it('gives decisions by kind, year-end population and the sex and age breakdown as published', async () => {
    const res = await unhcr(
      ['UKR', 'MEX'],
      `asylumDecisions(year: $year) { originCode recognized complementary rejected otherwiseClosed total }
      population(year: $year) { refugees asylumSeekers stateless } demographics(year: 2025) { populationType total cells { sex age value } }`,
    );
    expect(res.errors).toBeUndefined();
    const decisions = readCsv(join(UNHCR_2025, 'asylum_decisions.csv'));
    const population = readCsv(join(UNHCR_2025, 'population.csv'));
    const demographics = readCsv(join(UNHCR_2025, 'demographics.csv'));
    for (const e of res.data._entities) {
      const where = { coa_iso: e.iso3, year: '2022' };
      expect(e.unhcr.asylumDecisions).toEqual({
        originCode: '_T',
        recognized: sumOf(decisions, 'dec_recognized', where),
        complementary: sumOf(decisions, 'dec_other', where),
        rejected: sumOf(decisions, 'dec_rejected', where),
        otherwiseClosed: sumOf(decisions, 'dec_closed', where),
        total: sumOf(decisions, 'dec_total', where),
      });
      expect(e.unhcr.population).toEqual({
        refugees: sumOf(population, 'refugees', where),
        asylumSeekers: sumOf(population, 'asylum_seekers', where),
        stateless: sumOf(population, 'stateless', where),
      });
      // This release publishes the breakdown for its latest year only.
      const at2025 = { coa_iso: e.iso3, year: '2025', pop_type: 'REF' };
      const ref = (
        e.unhcr.demographics as { populationType: string; total: number; cells: { sex: string; age: string; value: number }[] }[]
      ).find((d) => d.populationType === 'REF');
      expect(ref?.total).toBeGreaterThan(0);
      expect(ref?.total).toBe(sumOf(demographics, 'total', at2025));
      expect(ref?.cells.find((c) => c.sex === 'F' && c.age === 'Y18T59')?.value).toBe(sumOf(demographics, 'f_18_59', at2025));
      expect(ref?.cells.find((c) => c.sex === 'M' && c.age === '_T')?.value).toBe(sumOf(demographics, 'm_total', at2025));
    }
  });
});

describe('releases', () => {
  it('the 2021 download is an older release: asked by name, never the default', async () => {
    expect(older.release).toMatchObject({ label: '2021-download', publishedOn: null });
    const res = await unhcr(
      ['MDA', 'RUS', 'CRI'],
      `latest: asylumApplications(year: 2019) old: asylumApplications(year: 2019, release: "2021-download")
      latestRelease { label } releases { label publishedOn } asylumApplicationsByOrigin(year: 2019, release: "2021-download") { persons cases }`,
    );
    expect(res.errors).toBeUndefined();
    for (const e of res.data._entities) {
      expect(e.unhcr.latest).toBe(sumOf(apps2025(), 'applied', { coa_iso: e.iso3, year: '2019' }));
      expect(e.unhcr.old).toBe(sumOf(apps2021(), 'applied', { 'Country of asylum (ISO)': e.iso3, Year: '2019' }));
      expect(e.unhcr.latestRelease.label).toBe('2025.12.1');
      expect(e.unhcr.releases.map((r: { label: string }) => r.label)).toEqual(['2025.12.1', '2021-download']);
      // The download does not say persons or cases: neither is guessed.
      for (const o of e.unhcr.asylumApplicationsByOrigin) expect(o).toEqual({ persons: null, cases: null });
    }
  });

  it('an unknown release is an error that lists the imported ones', async () => {
    const res = await unhcr(['MDA'], 'asylumApplications(year: 2022, release: "2024.06.1")');
    expect(res.errors?.[0]?.message).toBe('UNHCR has no release "2024.06.1" here; imported releases: 2025.12.1, 2021-download');
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('importing the same release again changes nothing', async () => {
    const counts = () =>
      handle.transaction((s) =>
        s.query<{ release: string; n: number; at: string }>(
          `select a.release, count(*)::int as n, max(r.imported_at)::text as at from provider.unhcr_applications a
       join provider.releases r on r.provider = 'unhcr' and r.label = a.release group by a.release order by 1`,
        ),
      );
    const before = await counts();
    const again = await importUnhcr(handle, { folder: UNHCR_2025 });
    expect(again.load.outcome).toBe('unchanged');
    expect(await counts()).toEqual(before);
  });
});

describe('a changed or bad file', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'migfed-unhcr-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  const header = 'year,coo_name,coo,coo_iso,coa_name,coa,coa_iso,procedure_type,app_type,dec_level,app_pc,applied';
  const write = (rows: string[]) => writeFile(join(folder, 'asylum_applications.csv'), `${[header, ...rows].join('\n')}\n`);
  const total = async (release: string) =>
    (await unhcr(['MDA'], `asylumApplications(year: 2022, release: "${release}")`)).data?._entities[0].unhcr.asylumApplications;

  it('replaces the whole release when the same label comes with different files', async () => {
    await write(['2022,Ukraine,UKR,UKR,Moldova,MDA,MDA,G,N,FI,P,100', '2022,Syria,SYR,SYR,Moldova,MDA,MDA,G,N,FI,C,7']);
    expect((await importUnhcr(handle, { folder, release: 'test.1' })).load.outcome).toBe('loaded');
    expect(await total('test.1')).toBe(107);
    await write(['2022,Ukraine,UKR,UKR,Moldova,MDA,MDA,G,N,FI,P,90']);
    expect((await importUnhcr(handle, { folder, release: 'test.1' })).load.outcome).toBe('replaced');
    expect(await total('test.1')).toBe(90);
  });

  it('rejects bad rows naming file, line and column, and then writes nothing', async () => {
    await write([
      '2022,Ukraine,UKR,UKR,Moldova,MDA,MDA,G,N,FI,P,100',
      '20x2,Ukraine,UKR,UKR,Moldova,MDA,MDA,G,N,FI,P,5',
      '2022,"Syria, Arab Rep.",SYR,SYR,Moldova,MDA,MDA,G,N,FI,X,5',
      '2022,Iraq,IRQ,IRQ,Moldova,MDA,mda,G,N,FI,P,five',
    ]);
    const error = await importUnhcr(handle, { folder, release: 'test.2' }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('RowsRejected');
    const stats = (error as { stats: { read: number; rejected: number; examples: unknown[] }[] }).stats[0]!;
    expect(stats).toMatchObject({ read: 4, rejected: 3 });
    expect(stats.examples).toEqual([
      expect.objectContaining({ file: 'asylum_applications.csv', line: 3, column: 'year', message: '"20x2" is not a year (1900–2100)' }),
      expect.objectContaining({ line: 4, column: 'app_pc', message: '"X" is not one of P, C' }),
      expect.objectContaining({ line: 5, column: 'coa_iso', message: '"mda" is not an ISO 3166-1 alpha-3 code' }),
    ]);
    const res = await unhcr(['MDA'], 'releases { label }');
    expect(res.data._entities[0].unhcr.releases.map((r: { label: string }) => r.label)).not.toContain('test.2');
    const leftovers = await handle.transaction((s) =>
      s.query("select count(*)::int as n from provider.unhcr_applications where release = 'test.2'"),
    );
    expect(leftovers).toEqual([{ n: 0 }]);
    // With --allow-rejects the valid row is loaded and the rejects are still reported.
    const partial = await importUnhcr(handle, { folder, release: 'test.2', allowRejects: true });
    expect(partial.load.outcome === 'unchanged' ? -1 : partial.load.stats[0]?.loaded).toBe(1);
    expect(await total('test.2')).toBe(100);
  });

  it('refuses a file whose header lacks a column of its layout', async () => {
    const file = join(folder, 'asylum_applications.csv');
    await writeFile(file, (await readFile(file, 'utf8')).replace(',app_pc', ''));
    await expect(importUnhcr(handle, { folder, release: 'test.3' })).rejects.toThrow(
      'asylum_applications.csv: looks like UNHCR applications (UNHCR API columns) but the header lacks app_pc',
    );
  });

  it('refuses a folder with no UNHCR table', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'migfed-unhcr-'));
    await cp(join(UNHCR_2025, 'countries.csv'), join(empty, 'countries.csv'));
    await expect(importUnhcr(handle, { folder: empty })).rejects.toThrow(/no UNHCR statistics table among countries\.csv/);
    await rm(empty, { recursive: true });
  });
});
