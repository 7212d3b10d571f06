// A 13th member (MNG) joins the DSM region by following docs/joining.md step by step, on temporary
// copies of the region file and supergraph (the committed ones stay as they are): region file,
// the member's node started the way the image starts it, its first release through the CLI,
// composition, the breaking-change check, then the registry and the gateway rolled out.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRegion, type RegionDef, supergraphPath } from '@migfed/schema';
import { seedCountry } from '@migfed/subgraph-country';
import { createDb } from '@migfed/subgraph-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workPermits } from '../fixtures/observations.js';
import { migfed } from '../harness/cli.js';
import { testDatabase, type TestDatabase } from '../harness/context.js';
import { gql } from '../harness/graphql.js';
import { freePort, type RunningProcess, startProcess } from '../harness/processes.js';

const root = join(import.meta.dirname, '..', '..');

/** `npm run compose -- …` / `npm run compose:breaking -- …`, as the procedure runs them. */
function schemaCli(args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(root, 'node_modules', '.bin', 'tsx'), ['schema/src/cli.ts', ...args], { cwd: root });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code: code ?? 1, output }));
  });
}

/**
 * Starts a role through the image's entry point (`node infra/deploy/start.mjs` with ROLE). Unsigned:
 * signing has tests of its own, and this one is about the membership.
 */
const startRole = (env: Record<string, string>, ready: RegExp) =>
  startProcess('infra/deploy/start.mjs', { HOST: '127.0.0.1', ...env }, ready, 120_000);

const MNG_2024 = `DATAFLOW,INDICATOR,SEX,TIME_PERIOD,OBS_VALUE,OBS_STATUS
MIGFED:DF_MIGRATION(1.0),WORK_PERMITS_ISSUED,_T,2024,5120,A
MIGFED:DF_MIGRATION(1.0),WORK_PERMITS_ISSUED,F,2024,1900,A
MIGFED:DF_MIGRATION(1.0),WORK_PERMITS_ISSUED,M,2024,3220,A
`;

describe('a 13th member joins the DSM region by the documented procedure', () => {
  const processes: RunningProcess[] = [];
  const databases: TestDatabase[] = [];
  let dir: string;
  let regionFile: string;
  let nextSupergraph: string;
  let ports: Record<'registry' | 'gateway' | 'MDA' | 'MNG', number>;
  const db = async (name: string) => {
    const d = await testDatabase(name);
    databases.push(d);
    return d.url;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'migfed-joining-'));
    ports = { registry: await freePort(), gateway: await freePort(), MDA: await freePort(), MNG: await freePort() };
    // The region as it runs today, on this machine's ports: MDA stands for the twelve (the others
    // and the providers are down, which the contract tolerates).
    const dsm = loadRegion('dsm');
    const today: RegionDef = {
      ...dsm,
      registry: { url: `http://127.0.0.1:${ports.registry}/graphql` },
      members: dsm.members.map((m) => (m.iso3 === 'MDA' ? { ...m, url: `http://127.0.0.1:${ports.MDA}/graphql` } : m)),
    };
    regionFile = join(dir, 'region.json');
    await writeFile(regionFile, JSON.stringify(today, null, 2));
    nextSupergraph = join(dir, 'supergraph.next.graphql');
    const mdaUrl = await db('join_mda');
    processes.push(
      await startRole({ ROLE: 'country', COUNTRY: 'MDA', PORT: String(ports.MDA), DATABASE_URL: mdaUrl }, /country_mda subgraph/),
    );
    const mda = createDb({ url: mdaUrl, max: 1 });
    await seedCountry(mda.db, 'MDA', workPermits(2000, [2024]));
    await mda.close();
  });

  afterAll(async () => {
    for (const p of processes.reverse()) await p.stop();
    for (const d of databases) await d.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  // One test: the steps build on each other, as they do for the secretariat.
  it('adds MNG: region file, member node and first release, composition, breaking-change check, rollout', {
    timeout: 300_000,
  }, async () => {
    // 1. The region file gets the new member.
    const region = JSON.parse(await readFile(regionFile, 'utf8')) as RegionDef;
    region.members.push({
      iso3: 'MNG',
      agency: 'Immigration Agency of Mongolia',
      url: `http://127.0.0.1:${ports.MNG}/graphql`,
      focalPoints: [{ name: 'Focal point, MNG', role: 'National focal point for migration statistics' }],
    });
    await writeFile(regionFile, JSON.stringify(region, null, 2));
    expect(region.members).toHaveLength(13);

    // 2. The member's node starts from the image's entry point; its focal point publishes a first release.
    const url = await db('join_mng');
    processes.push(
      await startRole({ ROLE: 'country', COUNTRY: 'MNG', PORT: String(ports.MNG), DATABASE_URL: url }, /country_mng subgraph/),
    );
    const origin = `http://127.0.0.1:${ports.MNG}`;
    expect((await fetch(`${origin}/ready`)).status).toBe(200);
    const created = await migfed(['token', 'create', '--country', 'MNG', '--database-url', url]);
    expect(created.code, created.stderr).toBe(0);
    const token = /export MIGFED_TOKEN=(\S+)/.exec(created.stdout)?.[1];
    expect(token).toMatch(/^mf_mng_/);
    const file = join(dir, 'mng-2024.csv');
    await writeFile(file, MNG_2024);
    const as = { MIGFED_TOKEN: token! };
    const imported = await migfed(['import', '--country', 'MNG', '--file', file, '--release', '2024 annual', '--url', origin], as);
    expect(imported.code, imported.stdout + imported.stderr).toBe(0);
    const published = await migfed(['publish', '--country', 'MNG', '--release', '2024 annual', '--url', origin], as);
    expect(published.code, published.stdout + published.stderr).toBe(0);

    // 3. The new supergraph composes from the region file.
    const composed = await schemaCli(['compose', '--region-file', regionFile, '--out', nextSupergraph]);
    expect(composed.code, composed.output).toBe(0);
    expect(composed.output).toMatch(/13 members/);
    expect(await readFile(nextSupergraph, 'utf8')).toMatch(/type MNG implements Country/);

    // 4. No breaking change against the committed supergraph; the member leaving would be one.
    const joining = await schemaCli(['breaking', '--from', supergraphPath('dsm'), '--to', nextSupergraph]);
    expect(joining.code, joining.output).toBe(0);
    expect(joining.output).toMatch(/no breaking change/);
    const leaving = await schemaCli(['breaking', '--from', nextSupergraph, '--to', supergraphPath('dsm')]);
    expect(leaving.code).toBe(1);
    expect(leaving.output).toContain("BREAKING: Type 'MNG' was removed");

    // 5. Rollout: the registry with the new region file, then the gateway with the new supergraph.
    processes.push(
      await startRole(
        { ROLE: 'registry', REGION_FILE: regionFile, PORT: String(ports.registry), DATABASE_URL: await db('join_registry') },
        /registry subgraph for dsm/,
      ),
    );
    processes.push(
      await startRole({ ROLE: 'gateway', SUPERGRAPH_PATH: nextSupergraph, PORT: String(ports.gateway) }, /gateway: region dsm/),
    );
    const gateway = `http://127.0.0.1:${ports.gateway}`;
    expect((await fetch(`${gateway}/ready`)).status).toBe(200);
    const all = await gql(`${gateway}/graphql`, '{ countries { iso3 } }');
    expect(all.errors).toBeUndefined();
    expect(all.data.countries).toHaveLength(13);
    expect(all.data.countries.map((c: { iso3: string }) => c.iso3)).toContain('MNG');

    const res = await gql(
      `${gateway}/graphql`,
      `{ countries(iso3: ["MDA", "MNG"]) { iso3 name focalPoints { name }
          observations(indicator: "WORK_PERMITS_ISSUED", from: "2024", to: "2024") { value } } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.countries).toEqual([
      { iso3: 'MDA', name: 'Moldova, Republic of', focalPoints: [{ name: 'Focal point, MDA' }], observations: [{ value: 2000 }] },
      { iso3: 'MNG', name: 'Mongolia', focalPoints: [{ name: 'Focal point, MNG' }], observations: [{ value: 5120 }] },
    ]);
    const health = (await (await fetch(`${gateway}/health`)).json()) as { subgraphs: { name: string }[] };
    expect(health.subgraphs.map((s) => s.name)).toContain('country_mng');
  });
});
