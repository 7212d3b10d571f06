// A focal point, as a new user would: crossings and permits with passport numbers imported with the
// CLI into TJK's own subgraph (its own process and database), derived, reviewed, published, and
// read through the gateway with metadata. The passport numbers are then looked for everywhere they
// must not be: a pg_dump of the member's database, the logs, the CLI's output and the gateway.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeRegion, loadRegion, type RegionDef } from '@migfed/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crossingsCsvWithPassports, type Traveller, travelHistories } from '../fixtures/travel-histories.js';
import { migfed } from '../harness/cli.js';
import { testDatabase, type TestDatabase } from '../harness/context.js';
import { gql } from '../harness/graphql.js';
import { defaultBinDirs } from '../harness/pg-binaries.js';
import { freePort, type RunningProcess, startProcess } from '../harness/processes.js';

const RECORDS_KEY = 'e2e-records-key-that-only-tjk-holds-0123456789';
/** A passport number per traveller: distinctive, so a search cannot miss it or hit by chance. */
const passport = (t: Traveller) => `QZ${t.person.slice(1)}7319`;

function crossingsWithPassports(people: Traveller[]): string {
  return crossingsCsvWithPassports(people, passport);
}

/** Residence and work permits for the foreign settlers: the same passports link them to their crossings. */
function permitsWithPassports(people: Traveller[]): string {
  const settlers = people.filter((t) => t.story.startsWith('settler who stays'));
  const rows = settlers.flatMap((t, i) => {
    const r = t.records[0]!;
    const year = Number(r.crossedAt.slice(0, 4));
    const decided = `${year}-${r.crossedAt.slice(5, 10) === '02-29' ? '02-28' : r.crossedAt.slice(5, 10)}`;
    const base = [passport(t), r.citizenship];
    const permit = (id: string, type: string, reason: string, to: string) =>
      [id, ...base, type, reason, decided, decided, to, r.citizenship, r.sex, r.birthYear].join(',');
    return [permit(`RP${i}`, 'RESIDENCE', i % 2 ? 'FAM' : 'EMP', ''), permit(`WP${i}`, 'WORK', 'EMP', `${year + 1}-12-31`)];
  });
  return [
    'RECORD_ID,DOCUMENT_NUMBER,DOCUMENT_COUNTRY,PERMIT_TYPE,REASON,DECIDED_ON,VALID_FROM,VALID_TO,CITIZENSHIP,SEX,BIRTH_YEAR',
    ...rows,
  ].join('\n');
}

// Each step runs the CLI a few times (a tsx start each): generous timeouts for a loaded machine.
describe('records to statistics, as a focal point does it', { timeout: 240_000 }, () => {
  const processes: RunningProcess[] = [];
  const databases: TestDatabase[] = [];
  const outputs: string[] = [];
  const people = travelHistories('TJK', 7);
  let dir: string;
  let gatewayUrl: string;
  let tjk: string;
  let tjkDb: TestDatabase;
  let token: string;
  const cli = async (args: string[]) => {
    const out = await migfed([...args, '--url', tjk], { MIGFED_TOKEN: token, INIT_CWD: dir });
    outputs.push(out.stdout, out.stderr);
    return out;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'migfed-records-'));
    const [registryPort, tjkPort, gatewayPort] = [await freePort(), await freePort(), await freePort()];
    const dsm = loadRegion('dsm');
    const region: RegionDef = {
      ...dsm,
      id: 'records',
      registry: { url: `http://127.0.0.1:${registryPort}/graphql` },
      providers: [],
      members: dsm.members.filter((m) => m.iso3 === 'TJK').map((m) => ({ ...m, url: `http://127.0.0.1:${tjkPort}/graphql` })),
    };
    await writeFile(join(dir, 'region.json'), JSON.stringify(region));
    await writeFile(join(dir, 'supergraph.graphql'), composeRegion(region));
    const registryDb = await testDatabase('rec_registry');
    tjkDb = await testDatabase('rec_tjk');
    databases.push(registryDb, tjkDb);
    const base = { HOST: '127.0.0.1' };
    processes.push(
      await startProcess(
        'subgraphs/registry/src/main.ts',
        { ...base, REGION_FILE: join(dir, 'region.json'), PORT: String(registryPort), DATABASE_URL: registryDb.url },
        /registry subgraph .* at http/,
      ),
      await startProcess(
        'subgraphs/country/src/main.ts',
        { ...base, COUNTRY: 'TJK', PORT: String(tjkPort), DATABASE_URL: tjkDb.url, RECORDS_KEY, LOCAL_ADMIN: '1' },
        /country_tjk subgraph .* at http/,
      ),
      await startProcess(
        'gateway/src/main.ts',
        { ...base, PORT: String(gatewayPort), SUPERGRAPH_PATH: join(dir, 'supergraph.graphql') },
        /http:\/\/127\.0\.0\.1:\d+/,
      ),
    );
    gatewayUrl = `http://127.0.0.1:${gatewayPort}/graphql`;
    tjk = `http://127.0.0.1:${tjkPort}`;
    await writeFile(join(dir, 'crossings.csv'), crossingsWithPassports(people));
    await writeFile(join(dir, 'permits.csv'), permitsWithPassports(people));
    await writeFile(
      join(dir, 'broken.csv'),
      crossingsWithPassports(people.slice(0, 3))
        .replace(/,ENTRY,/, ',ENTERED,')
        .replace(/\n[^,\n]+,QZ\d+7319,/, (m) => m.replace(/QZ\d+7319/, '')),
    );
  }, 180_000);

  afterAll(async () => {
    for (const p of processes.reverse()) await p.stop();
    for (const d of databases) await d.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('imports crossings and permits with the CLI, after a dry run of a broken file', async () => {
    const created = await migfed(['token', 'create', '--country', 'TJK', '--holder', 'Firuza', '--url', tjk]);
    token = /export MIGFED_TOKEN=(\S+)/.exec(created.stdout)![1]!;

    const broken = await cli(['records', 'import', '--country', 'TJK', '--kind', 'crossings', '--file', 'broken.csv', '--dry-run']);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/broken\.csv:2 \(DOCUMENT_NUMBER\): error: a record without a person is refused/);
    expect(broken.stdout).toMatch(/broken\.csv:\d+ \(DIRECTION\): error: DIRECTION must be ENTRY or EXIT/);
    expect(broken.stdout).toMatch(/Nothing was written/);

    const crossings = await cli(['records', 'import', '--country', 'TJK', '--kind', 'crossings', '--file', 'crossings.csv']);
    expect(crossings.code, crossings.stdout + crossings.stderr).toBe(0);
    const total = people.flatMap((p) => p.records).length;
    expect(crossings.stdout).toContain(`${total} crossings records, 0 errors: ${total} new, 0 corrected, 0 unchanged`);
    const again = await cli(['records', 'import', '--country', 'TJK', '--kind', 'crossings', '--file', 'crossings.csv']);
    expect(again.stdout).toContain(`0 new, 0 corrected, ${total} unchanged`);
    const permits = await cli(['records', 'import', '--country', 'TJK', '--kind', 'permits', '--file', 'permits.csv']);
    expect(permits.code, permits.stdout + permits.stderr).toBe(0);
  });

  it('derives a draft release, says which months and when the next is ready, and shows what it changes', async () => {
    const derived = await cli([
      'records',
      'derive',
      '--country',
      'TJK',
      '--release',
      '2024 border records',
      '--to',
      '2024-12',
      '--extracted-at',
      '2026-03-01T00:00:00Z',
    ]);
    expect(derived.code, derived.stdout + derived.stderr).toBe(0);
    expect(derived.stdout).toMatch(/BORDER_CROSSINGS: derived 2021-01 … 2024-12 \(48\)/);
    expect(derived.stdout).toMatch(
      /LONG_TERM_IMMIGRATION: derived 2022-01 … 2024-10 \(34\), \d+ cells; 2024-11 will be ready from 2026-03-31T19:00:00.000Z/,
    );
    expect(derived.stdout).toMatch(/WORK_PERMITS_ISSUED: derived 2021 … 2024/);
    const review = await cli(['releases', '--country', 'TJK', '--release', '2024 border records']);
    expect(review.stdout).toMatch(/2024 border records: DRAFT, \d+ cells \(from records extracted at 2026-03-01T00:00:00.000Z\)/);
    expect(review.stdout).toMatch(/BORDER_CROSSINGS 2021-01 total: new → \d+/);
    // Nothing is visible before publication.
    const before = await gql(
      gatewayUrl,
      `{ country(iso3: "TJK") { observations(indicator: "BORDER_CROSSINGS", from: "2021-01", to: "2021-01") { value } } }`,
    );
    expect(before.data.country.observations).toEqual([]);
    const published = await cli(['publish', '--country', 'TJK', '--release', '2024 border records']);
    expect(published.code).toBe(0);
  });

  it('serves the derived indicators through the gateway, with metadata saying they come from records', async () => {
    const res = await gql(
      gatewayUrl,
      `{ country(iso3: "TJK") {
          crossings: observations(indicator: "BORDER_CROSSINGS", from: "2022-01", to: "2022-12") { period value release }
          settled: observations(indicator: "LONG_TERM_IMMIGRATION", from: "2022", to: "2024") { period value confidentiality }
          bySex: observations(indicator: "LONG_TERM_EMIGRATION", from: "2023-01", to: "2023-12", filter: [{ dimension: "SEX", codes: ["F", "M"] }]) { value }
          work: observations(indicator: "WORK_PERMITS_ISSUED", from: "2022", to: "2022") { value }
          metadata(indicator: "LONG_TERM_IMMIGRATION") { nationalDefinition sourceType coverage }
          releases { name recordsExtractedAt }
        } }`,
    );
    expect(res.errors).toBeUndefined();
    const c = res.data.country;
    const month = (m: string) => people.flatMap((p) => p.records).filter((r) => r.crossedAt.startsWith(m)).length;
    expect(c.crossings).toHaveLength(12);
    expect(c.crossings[0]).toEqual({ period: '2022-01', value: month('2022-01'), release: '2024 border records' });
    expect(c.settled.length).toBe(34);
    // Months with one or two settlers are withheld (the catalog's threshold is 3): no value, flag A or D.
    const settled = c.settled as { value: number | null; confidentiality: string }[];
    expect(settled.filter((o) => (o.value === null) !== ['A', 'D'].includes(o.confidentiality))).toEqual([]);
    expect(settled.filter((o) => o.value === null).length).toBeGreaterThan(0);
    expect(settled.reduce((s, o) => s + (o.value ?? 0), 0)).toBeGreaterThan(20);
    expect(c.bySex.length).toBeGreaterThan(0);
    const settlers2022 = people.filter((t) => t.story.startsWith('settler who stays') && t.records[0]!.crossedAt.startsWith('2022')).length;
    expect(c.work).toEqual([{ value: settlers2022 }]);
    expect(c.metadata.sourceType).toBe('ADMINISTRATIVE_RECORDS');
    expect(c.metadata.nationalDefinition).toMatch(/12\/16-month rule/);
    expect(c.metadata.coverage).toMatch(/Derived from records .* extracted at 2026-03-01T00:00:00.000Z, in release "2024 border records"/);
    // The release itself says when the records were extracted.
    expect(c.releases).toEqual([{ name: '2024 border records', recordsExtractedAt: '2026-03-01T00:00:00.000Z' }]);
  });

  it('gives no record-level row or passport number to anyone: gateway, errors, logs, database dump', async () => {
    const schema = await gql(gatewayUrl, `{ __schema { types { name fields { name } } } }`);
    const names = JSON.stringify(schema.data).toLowerCase();
    for (const word of ['crossed', 'record_id', 'recordid', 'person', 'document_number', 'documentnumber', 'passport', 'permit'])
      expect(names).not.toContain(word);
    const probe = await gql(gatewayUrl, `{ country(iso3: "TJK") { records { person } } }`);
    expect(probe.errors?.[0]?.message).toMatch(/Cannot query field "records"/);

    // A file that fails inside the database on the way in, to have errors in the logs too.
    await writeFile(
      join(dir, 'dup.csv'),
      `${crossingsWithPassports(people.slice(0, 2))}\n${crossingsWithPassports(people.slice(0, 1)).split('\n')[1]}`,
    );
    await cli(['records', 'import', '--country', 'TJK', '--kind', 'crossings', '--file', 'dup.csv']);

    const pgDump = join(defaultBinDirs(process.env).find((d) => d.includes('postgresql')) ?? '/usr/lib/postgresql/15/bin', 'pg_dump');
    const dump = execFileSync(pgDump, ['--no-owner', tjkDb.url], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
    expect(dump).toContain('records.crossings'); // the dump did reach the records store
    const logs = processes.map((p) => p.output()).join('\n');
    const haystacks = { dump, logs, cli: outputs.join('\n') };
    for (const t of people) {
      for (const [where, text] of Object.entries(haystacks))
        if (text.includes(passport(t))) throw new Error(`passport number of ${t.person} found in ${where}`);
    }
    expect(people.length).toBeGreaterThan(100);
  });
});
