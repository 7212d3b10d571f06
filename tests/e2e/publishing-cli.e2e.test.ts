// as a new user would do it: token, dry run of a broken file, import,
// publish, revise, and the earlier figure back with asOf, through the CLI and the gateway.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack, type Stack } from '@migfed/demo';
import { loadRegion, type RegionDef } from '@migfed/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migfed } from '../harness/cli.js';
import { type MigratedDatabase, migratedDatabase } from '../harness/databases.js';
import { gql } from '../harness/graphql.js';

const region = (): RegionDef => {
  const dsm = loadRegion('dsm');
  return { ...dsm, providers: [], members: dsm.members.filter((m) => ['GEO', 'MDA'].includes(m.iso3)) } as RegionDef;
};

const GOOD = `DATAFLOW,INDICATOR,SEX,TIME_PERIOD,OBS_VALUE,OBS_STATUS
MIGFED:DF_MIGRATION(1.0),WORK_PERMITS_ISSUED,_T,2024,2500,P
MIGFED:DF_MIGRATION(1.0),WORK_PERMITS_ISSUED,F,2024,1000,P
MIGFED:DF_MIGRATION(1.0),WORK_PERMITS_ISSUED,M,2024,1500,P
`;

describe('publishing with the CLI, read through the gateway', () => {
  let db: MigratedDatabase;
  let stack: Stack;
  let dir: string;
  let mda: string;
  let token: string;
  const value2024 = async (asOf?: string) => {
    const res = await gql(
      stack.gatewayUrl,
      `query($asOf: DateTime) { country(iso3: "MDA") { observations(indicator: "WORK_PERMITS_ISSUED", from: "2024", to: "2024", asOf: $asOf) { value status release } } }`,
      { asOf },
    );
    return res.data.country.observations;
  };

  beforeAll(async () => {
    db = await migratedDatabase('e2e_cli');
    stack = await startStack({ region: region(), db: db.handle.db, admin: { handle: db.handle, localAdmin: true } });
    mda = new URL(stack.memberUrls.MDA!).origin;
    dir = await mkdtemp(join(tmpdir(), 'migfed-cli-'));
  });
  afterAll(async () => {
    await stack?.stop();
    await db?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('creates a token for the focal point', async () => {
    const out = await migfed(['token', 'create', '--country', 'MDA', '--holder', 'Ana Popescu', '--url', mda]);
    expect(out.code).toBe(0);
    token = /export MIGFED_TOKEN=(\S+)/.exec(out.stdout)![1]!;
    expect(token).toMatch(/^mf_mda_/);
  });

  it('shows a dry-run report with line numbers for a broken file, and writes nothing', async () => {
    const file = join(dir, 'broken.csv');
    await writeFile(file, GOOD.replace(',F,2024,1000,P', ',W,2024,1000,P').replace(',M,2024,1500,P', ',M,2024,-1500,P'));
    const out = await migfed(['import', '--country', 'MDA', '--file', file, '--release', '2024 annual', '--dry-run', '--url', mda], {
      MIGFED_TOKEN: token,
    });
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(/broken\.csv:3 \(SEX\): error: unknown code "W" for SEX/);
    expect(out.stdout).toMatch(/broken\.csv:4 \(OBS_VALUE\): error: a count cannot be negative/);
    expect(out.stdout).toMatch(/Nothing was written/);
  });

  it('refuses an import without a token, saying how to get one', async () => {
    const out = await migfed(['import', '--country', 'MDA', '--file', join(dir, 'broken.csv'), '--url', mda], { MIGFED_TOKEN: '' });
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/set MIGFED_TOKEN/);
  });

  it('imports, publishes, revises, and the first figure comes back with asOf', async () => {
    const file = join(dir, 'mda-2024.csv');
    await writeFile(file, GOOD);
    const imported = await migfed(['import', '--country', 'MDA', '--file', file, '--release', '2024 annual', '--url', mda], {
      MIGFED_TOKEN: token,
    });
    expect(imported.stdout).toMatch(/3 cells are in draft release "2024 annual" of MDA/);
    expect(await value2024()).toEqual([]);
    const published = await migfed(['publish', '--country', 'MDA', '--release', '2024 annual', '--url', mda], { MIGFED_TOKEN: token });
    expect(published.code).toBe(0);
    expect(await value2024()).toEqual([{ value: 2500, status: 'P', release: '2024 annual' }]);

    const cited = new Date().toISOString();
    await writeFile(file, GOOD.replace('_T,2024,2500,P', '_T,2024,2600,A').replace('M,2024,1500,P', 'M,2024,1600,A'));
    await migfed(['import', '--country', 'MDA', '--file', file, '--release', '2024 annual, final', '--url', mda], { MIGFED_TOKEN: token });
    const changes = await migfed(['releases', '--country', 'MDA', '--release', '2024 annual, final', '--url', mda], {
      MIGFED_TOKEN: token,
    });
    expect(changes.stdout).toMatch(/WORK_PERMITS_ISSUED 2024 total: 2500 \(P, 2024 annual\) → 2600 \(A\)/);
    await migfed(['publish', '--country', 'MDA', '--release', '2024 annual, final', '--url', mda], { MIGFED_TOKEN: token });

    expect(await value2024()).toEqual([{ value: 2600, status: 'A', release: '2024 annual, final' }]);
    expect(await value2024(cited)).toEqual([{ value: 2500, status: 'P', release: '2024 annual' }]);
  });

  it('cancels and reschedules an embargoed release before its time, through the CLI', async () => {
    const file = join(dir, 'mda-2025.csv');
    await writeFile(file, GOOD.replaceAll(',2024,', ',2025,'));
    const env = { MIGFED_TOKEN: token };
    await migfed(['import', '--country', 'MDA', '--file', file, '--release', '2025 annual', '--url', mda], env);
    const at = new Date(Date.now() + 86_400_000).toISOString();
    expect((await migfed(['publish', '--country', 'MDA', '--release', '2025 annual', '--at', at, '--url', mda], env)).stdout).toMatch(
      /embargoed until/,
    );
    expect((await migfed(['releases', '--country', 'MDA', '--url', mda], env)).stdout).toMatch(/SCHEDULED\s+3 cells\s+\S+\s+2025 annual/);
    const later = new Date(Date.now() + 2 * 86_400_000).toISOString();
    const moved = await migfed(['reschedule', '--country', 'MDA', '--release', '2025 annual', '--at', later, '--url', mda], env);
    expect([moved.code, moved.stdout]).toEqual([0, expect.stringContaining(`embargoed until ${later}`)]);
    const cancelled = await migfed(['cancel', '--country', 'MDA', '--release', '2025 annual', '--url', mda], env);
    expect([cancelled.code, cancelled.stdout]).toEqual([0, expect.stringMatching(/cancelled "2025 annual"; it is a draft again/)]);
    expect((await migfed(['releases', '--country', 'MDA', '--url', mda], env)).stdout).toMatch(
      /DRAFT\s+3 cells\s+not published\s+2025 annual/,
    );
    const refused = await migfed(['cancel', '--country', 'MDA', '--release', '2024 annual', '--url', mda], env);
    expect([refused.code, refused.stderr]).toEqual([1, expect.stringMatching(/became visible on .* cannot be cancelled/)]);
  });

  it('exposes no mutation through the gateway', async () => {
    const res = await gql(stack.gatewayUrl, `{ __schema { mutationType { name } } }`);
    expect(res.data.__schema.mutationType).toBeNull();
  });
});
