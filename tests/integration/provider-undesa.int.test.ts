// UN DESA migrant stock from the REAL file (M49 → ISO3), the importers' command line, and
// the embedded (PGlite) bulk path. Expected figures are computed here from the CSV files.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { loadCatalog } from '@migfed/schema';
import { createDb, type DbHandle, openPglite } from '@migfed/subgraph-kit';
import { createServer, formatImportSummary, type ImportResult, importUndesa, importUnhcr, migrate } from '@migfed/subgraph-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsv, sumOf, UNDESA_FILE, UNHCR_2021 } from '../fixtures/provider-data.js';
import { testDatabase, type TestDatabase } from '../harness/context.js';
import { gql } from '../harness/graphql.js';

const root = join(import.meta.dirname, '..', '..');
const MEMBERS = ['MDA', 'UKR', 'RUS', 'GEO', 'KAZ', 'MEX', 'CRI', 'PAN', 'SSD'];
const m49 = (iso3: string) => String(Number(loadCatalog().territory(iso3)!.m49));

let database: TestDatabase;
let handle: DbHandle;
let server: Awaited<ReturnType<typeof createServer>>;
let imported: ImportResult;

beforeAll(async () => {
  database = await testDatabase('provider_undesa');
  handle = createDb({ url: database.url });
  await migrate(handle);
  imported = await importUndesa(handle, { file: UNDESA_FILE, publishedOn: '2021-01-15' });
  server = await createServer({ provider: 'undesa', db: handle.db, port: 0 });
});

afterAll(async () => {
  await server?.stop();
  await handle?.close();
  await database?.drop();
});

describe('UN DESA International Migrant Stock 2020', () => {
  it('loads every country row and skips regions and groups, saying so', () => {
    const rows = readCsv(UNDESA_FILE);
    expect(imported.release).toMatchObject({ label: 'IMS2020', publishedOn: '2021-01-15' });
    if (imported.load.outcome === 'unchanged') throw new Error('first import reported unchanged');
    const [stats] = imported.load.stats;
    const skipped = [...stats!.skipped.values()].reduce((s, x) => s + x.count, 0);
    expect(stats).toMatchObject({ read: rows.length, rejected: 0 });
    expect(stats!.loaded + skipped).toBe(rows.length);
    expect(formatImportSummary(imported)).toMatch(/skipped 1,029: the M49 code is not an ISO 3166-1 territory .*e\.g\. 900 WORLD/);
  });

  it('answers migrant stock by year and sex for members of both regions, as published', async () => {
    const res = await gql(
      server.url,
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Country { iso3 undesa {
        source all: migrantStock { year sex value typeOfData } women2020: migrantStock(year: 2020, sex: "F") { value } } } } }`,
      { reps: MEMBERS.map((iso3) => ({ __typename: 'Country', iso3 })) },
    );
    expect(res.errors).toBeUndefined();
    const rows = readCsv(UNDESA_FILE);
    for (const e of res.data._entities) {
      const published = rows.filter((r) => r.location_code === m49(e.iso3));
      expect(published.length, e.iso3).toBe(21);
      expect(e.undesa.source).toBe('UN DESA International Migrant Stock, release IMS2020 (CC BY 3.0 IGO)');
      expect(e.undesa.all).toHaveLength(21);
      for (const figure of e.undesa.all as { year: number; sex: string; value: number | null; typeOfData: string[] }[]) {
        const row = published.find((r) => r.year === String(figure.year) && r.sex === figure.sex)!;
        expect(figure.value, `${e.iso3} ${figure.year} ${figure.sex}`).toBe(row.value === '..' ? null : Number(row.value));
        expect(figure.typeOfData.join(' ')).toBe(row.type_of_data);
      }
      expect(e.undesa.women2020).toEqual([{ value: sumOf(published, 'value', { year: '2020', sex: 'F' }) }]);
    }
  });
});

/** Runs the CLI as `npm run migfed` does and collects its output. */
function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(join(root, 'node_modules', '.bin', 'tsx'), ['infra/cli/src/main.ts', ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the importers on the command line', () => {
  it('`undesa import` again: progress on stderr, "nothing changed" on stdout, exit 0', async () => {
    const run = await cli(['undesa', 'import', UNDESA_FILE, '--database-url', database.url, '--published', '2021-01-15']);
    expect(run.stderr).toMatch(/undesa import of .*ims2020_table1_long\.csv into PostgreSQL at 127\.0\.0\.1/);
    expect(run.stdout).toMatch(
      /undesa release IMS2020 \(published 2021-01-15\): identical to the release already imported .*nothing changed/,
    );
    expect(run.code).toBe(0);
  });

  it('a wrong invocation prints the usage (exit 2); a folder without UNHCR tables says why (exit 1)', async () => {
    const wrong = await cli(['unhcr', 'load', UNHCR_2021]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/usage: npm run migfed -- unhcr import <folder>/);
    const empty = await cli(['unhcr', 'import', join(root, 'schema', 'catalog'), '--database-url', database.url]);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/no \.csv files in the folder/);
  });
});

describe('on the embedded PGlite (the demo database)', () => {
  it('imports the 2021 download through its bulk path, with the same totals', async () => {
    const pglite = await openPglite();
    const embedded = createDb({ pglite });
    try {
      await migrate(embedded);
      const result = await importUnhcr(embedded, { folder: UNHCR_2021, publishedOn: '2021-06-18' });
      expect(result.load.outcome).toBe('loaded');
      const apps = readCsv(join(UNHCR_2021, 'asylum-applications.csv'));
      const totals = await embedded.transaction((s) =>
        s.query<{ coa: string; n: number }>(
          "select coa, sum(applied)::int as n from provider.unhcr_applications where year = 2019 and coa in ('MDA','MEX') group by coa order by coa",
        ),
      );
      expect(totals).toEqual(
        ['MDA', 'MEX'].map((coa) => ({ coa, n: sumOf(apps, 'applied', { 'Country of asylum (ISO)': coa, Year: '2019' }) })),
      );
      expect((await importUnhcr(embedded, { folder: UNHCR_2021, publishedOn: '2021-06-18' })).load.outcome).toBe('unchanged');
    } finally {
      await pglite.close();
    }
  });
});
