// A focal point merges a late small count into a published table with the CLI: the dry run and the
// review say which cell published earlier in clear the release withholds, and readers of the
// gateway get neither the small count nor the cell that would give it away by subtraction.
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
  return { ...dsm, providers: [], members: dsm.members.filter((m) => ['MDA'].includes(m.iso3)) } as RegionDef;
};

const HEADER = 'DATAFLOW,INDICATOR,CITIZENSHIP,DECISION,TIME_PERIOD,OBS_VALUE';
const row = (citizenship: string, value: number) => `MIGFED:DF_MIGRATION(1.0),REFUGEE_STATUS_DECISIONS,${citizenship},_T,2023,${value}`;

describe('merging a small count into a published table with the CLI', () => {
  let db: MigratedDatabase;
  let stack: Stack;
  let dir: string;
  let mda: string;
  let env: Record<string, string>;
  const cli = (...args: string[]) => migfed([...args, '--country', 'MDA', '--url', mda], env);

  beforeAll(async () => {
    db = await migratedDatabase('e2e_disclosure_merge');
    stack = await startStack({ region: region(), db: db.handle.db, admin: { handle: db.handle, localAdmin: true } });
    mda = new URL(stack.memberUrls.MDA!).origin;
    dir = await mkdtemp(join(tmpdir(), 'migfed-merge-'));
    const out = await migfed(['token', 'create', '--country', 'MDA', '--holder', 'Ana Popescu', '--url', mda]);
    env = { MIGFED_TOKEN: /export MIGFED_TOKEN=(\S+)/.exec(out.stdout)![1]! };
  });
  afterAll(async () => {
    await stack?.stop();
    await db?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('lists the withheld earlier cell in the dry run and the review, and readers cannot work out the small count', async () => {
    const first = join(dir, 'decisions-2023.csv');
    await writeFile(first, `${HEADER}\n${[row('_T', 103), row('SYR', 60), row('AFG', 40)].join('\n')}\n`);
    expect((await cli('import', '--file', first, '--release', '2023 decisions')).code).toBe(0);
    expect((await cli('publish', '--release', '2023 decisions')).code).toBe(0);

    const late = join(dir, 'decisions-2023-late.csv');
    await writeFile(late, `${HEADER}\n${[row('IRQ', 3)].join('\n')}\n`);
    const dry = await cli('import', '--file', late, '--release', '2023 decisions, late', '--action', 'merge', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/withheld when published \(1 cells published earlier in clear/);
    expect(dry.stdout).toMatch(/REFUGEE_STATUS_DECISIONS 2023 CITIZENSHIP=AFG: 40 \(2023 decisions\) → CONF_STATUS D/);
    expect((await cli('import', '--file', late, '--release', '2023 decisions, late', '--action', 'merge')).code).toBe(0);
    const review = await cli('releases', '--release', '2023 decisions, late');
    expect(review.stdout).toMatch(/REFUGEE_STATUS_DECISIONS 2023 CITIZENSHIP=AFG: 40 \(A, 2023 decisions\) → 40 \(A, CONF_STATUS D\)/);
    expect(review.stdout).toMatch(/REFUGEE_STATUS_DECISIONS 2023 CITIZENSHIP=IRQ: new → 3 \(A, CONF_STATUS A\)/);
    expect((await cli('publish', '--release', '2023 decisions, late')).code).toBe(0);

    const res = await gql(
      stack.gatewayUrl,
      `{ country(iso3: "MDA") { observations(indicator: "REFUGEE_STATUS_DECISIONS", from: "2023", to: "2023",
          filter: [{ dimension: "CITIZENSHIP", codes: ["_T", "SYR", "AFG", "IRQ"] }]) { value confidentiality dimensions { dimension code } } } }`,
    );
    expect(res.errors).toBeUndefined();
    const read = Object.fromEntries(
      (
        res.data.country.observations as {
          value: number | null;
          confidentiality: string;
          dimensions: { dimension: string; code: string }[];
        }[]
      ).map((o) => [o.dimensions.find((d) => d.dimension === 'CITIZENSHIP')!.code, [o.value, o.confidentiality]]),
    );
    // 103 − 60 leaves 43 for Afghans and Iraqis together: neither is narrower than the rule allows.
    expect(read).toEqual({ _T: [103, 'F'], SYR: [60, 'F'], AFG: [null, 'D'], IRQ: [null, 'A'] });
  }, 300_000); // seven CLI runs, each a fresh tsx process: seconds each on a busy machine
});
