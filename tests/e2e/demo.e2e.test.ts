// through the real `npm start` entry point: the embedded demo (PGlite, no
// database server) serves every member of a region with generated figures for 2015–2024.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRegion } from '@migfed/schema';
import { afterEach, describe, expect, it } from 'vitest';
import { migfed } from '../harness/cli.js';
import { gql } from '../harness/graphql.js';

const root = join(import.meta.dirname, '..', '..');
let child: ChildProcess | undefined;
let dataDir: string | undefined;
// Where the demo announces its ports for the CLI: the test's own, not the checkout's .data/running.
let runDir: string | undefined;

/** Starts `infra/demo/src/main.ts` (what `npm start` runs) and waits for its "Ready." line. */
async function startDemo(region: string, port: number): Promise<string> {
  dataDir = await mkdtemp(join(tmpdir(), 'migfed-demo-'));
  runDir = join(dataDir, 'running');
  const proc = spawn(
    join(root, 'node_modules', '.bin', 'tsx'),
    ['infra/demo/src/main.ts', '--region', region, '--port', String(port), '--data-dir', dataDir],
    {
      cwd: root,
      env: { ...process.env, APOLLO_TELEMETRY_DISABLED: '1', MIGFED_RUN_DIR: runDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child = proc;
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /GraphQL\s+(http:\/\/\S+)/.exec(output);
      if (m && output.includes('Ready.')) resolve(m[1]!);
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', onData);
    proc.once('exit', (code) => reject(new Error(`demo exited with ${code} before it was ready:\n${output}`)));
  });
}

afterEach(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child?.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('embedded demo', () => {
  it('DSM: every member answers the first query with five yearly values', async () => {
    const url = await startDemo('dsm', 24000);
    expect(url).toBe('http://127.0.0.1:24000/graphql');
    const res = await gql(
      url,
      `{ countries { iso3 name observations(indicator: "WORK_PERMITS_ISSUED", from: "2019", to: "2023") { period value } } }`,
    );
    expect(res.errors).toBeUndefined();
    const countries = res.data.countries as { iso3: string; observations: { period: string; value: number }[] }[];
    expect(countries.map((c) => c.iso3)).toEqual(loadRegion('dsm').members.map((m) => m.iso3));
    for (const c of countries) {
      expect(c.observations.map((o) => o.period)).toEqual(['2019', '2020', '2021', '2022', '2023']);
      for (const o of c.observations) expect(o.value).toBeGreaterThan(0);
    }
    // Breakdowns add up to their totals, as a statistician would check first.
    const kaz = await gql(
      url,
      `{ country(iso3: "KAZ") { total: observations(indicator: "STOCK_FOREIGNERS", from: "2024", to: "2024") { value }
      bySex: observations(indicator: "STOCK_FOREIGNERS", from: "2024", to: "2024", filter: [{ dimension: "SEX", codes: ["F", "M"] }]) { value } } }`,
    );
    const sum = (kaz.data.country.bySex as { value: number }[]).reduce((s, o) => s + o.value, 0);
    expect(sum).toBe(kaz.data.country.total[0].value);
    // Monthly border crossings: twelve months a year.
    const months = await gql(
      url,
      `{ country(iso3: "GEO") { observations(indicator: "BORDER_CROSSINGS", from: "2023", to: "2023") { period } } }`,
    );
    expect(months.data.country.observations).toHaveLength(12);
    // Border crossings and long-term migration come from a derivation run over generated records.
    const derived = await gql(
      url,
      `{ country(iso3: "TJK") { observations(indicator: "LONG_TERM_EMIGRATION", from: "2020", to: "2020") { period release }
          metadata(indicator: "BORDER_CROSSINGS") { coverage } } }`,
    );
    expect(derived.data.country.observations.map((o: { period: string }) => o.period)).toHaveLength(12);
    expect(derived.data.country.observations[0].release).toBe('border records 2020-2024');
    expect(derived.data.country.metadata.coverage).toMatch(/^Derived from records/);
    // Every example the explorer opens with answers on the demo's figures, without an error.
    const config = (await (await fetch(url.replace('/graphql', '/explorer/config.json'))).json()) as {
      defaultTabs: { query: string; variables?: string }[];
    };
    expect(config.defaultTabs.map((t) => /query (\w+)/.exec(t.query)?.[1])).toContain('PartnerSeries');
    for (const tab of config.defaultTabs) {
      const answer = await gql(url, tab.query, tab.variables ? JSON.parse(tab.variables) : undefined);
      expect(answer.errors, tab.query).toBeUndefined();
    }
    const partners = await gql(url, config.defaultTabs.find((t) => t.query.includes('query PartnerSeries'))!.query);
    expect(partners.data.country.breakdown.map((s: { code: string }) => s.code)).toEqual(['KGZ', 'RUS', 'TJK', 'UZB']);
    // A first start also imports and derives every member's records: more than the default minute
    // on a loaded machine (later starts reuse the data directory).
  }, 180_000);

  it('SIEMMES: `--region siemmes` serves Central America and Mexico', async () => {
    const url = await startDemo('siemmes', 24300);
    const res = await gql(
      url,
      `{ region { id } countries { iso3 observations(indicator: "ASYLUM_APPLICATIONS", from: "2024", to: "2024") { value } } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.region.id).toBe('siemmes');
    expect(res.data.countries.map((c: { iso3: string }) => c.iso3)).toEqual(loadRegion('siemmes').members.map((m) => m.iso3));
    const health = await fetch(url.replace('/graphql', '/health'));
    expect(health.status).toBe(200);
    // The CLI finds the members of a demo on another --port without --url.
    const token = await migfed(['token', 'create', '--country', 'GTM'], { MIGFED_RUN_DIR: runDir! });
    expect(token.stderr).toBe('');
    expect(token.stdout).toMatch(/export MIGFED_TOKEN=mf_gtm_/);
    const releases = await migfed(['releases', '--country', 'GTM'], {
      MIGFED_RUN_DIR: runDir!,
      MIGFED_TOKEN: /export MIGFED_TOKEN=(\S+)/.exec(token.stdout)![1]!,
    });
    expect(releases.code).toBe(0);
    const regions = await migfed(['regions'], { MIGFED_RUN_DIR: runDir! });
    const gtm = loadRegion('siemmes').members.findIndex((m) => m.iso3 === 'GTM');
    expect(regions.stdout).toContain(`GTM       http://127.0.0.1:${24300 + 101 + gtm}/`);
  }, 180_000);

  it('refuses a port browsers refuse, naming it and suggesting another, before starting anything', async () => {
    const proc = spawn(join(root, 'node_modules', '.bin', 'tsx'), ['infra/demo/src/main.ts', '--port', '6000'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    proc.stdout.on('data', (d: Buffer) => (output += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const code = await new Promise((r) => proc.once('exit', r));
    expect(code).toBe(1);
    expect(output).toMatch(/--port 6000: browsers refuse port 6000 .*; try --port 6001/);
    expect(output).not.toMatch(/embedded database/);
  });
});
