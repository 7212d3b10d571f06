// One process per embedded database: while a member subgraph runs on a PGlite folder (as in the
// demo), the CLI's importer and a second subgraph on the same folder are refused with who holds it
// and what to do, and every write the running process confirmed is still there after a restart.
// A holder that was killed leaves a stale lock, which the next process takes over.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migfed } from '../harness/cli.js';
import { gql } from '../harness/graphql.js';
import { freePort, type RunningProcess, startProcess } from '../harness/processes.js';
import { admin, upload } from '../harness/publishing.js';

const FILE = 'INDICATOR,TIME_PERIOD,OBS_VALUE\nWORK_PERMITS_ISSUED,2023,4210\n';

describe('an embedded database held by a running process', () => {
  let dir: string;
  let port: number;
  let running: RunningProcess | undefined;
  const url = () => `http://127.0.0.1:${port}/graphql`;
  const start = () =>
    startProcess(
      'subgraphs/country/src/main.ts',
      { COUNTRY: 'MDA', HOST: '127.0.0.1', PORT: String(port), DATA_DIR: dir, LOCAL_ADMIN: 'true' },
      /country_mda subgraph .* at http/,
      120_000,
    );
  const published = async () =>
    (
      await gql(
        url(),
        `{ _entities(representations: [{ __typename: "MDA", iso3: "MDA" }]) { ... on MDA { observations(indicator: "WORK_PERMITS_ISSUED", from: "2023", to: "2023") { value release } } } }`,
      )
    ).data._entities[0].observations;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'migfed-lock-'));
    port = await freePort();
  });
  afterAll(async () => {
    await running?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses the CLI and a second subgraph while the first runs, and loses no confirmed write', { timeout: 300_000 }, async () => {
    running = await start();
    const lock = JSON.parse(await readFile(join(dir, 'migfed.lock'), 'utf8')) as { pid: number; command: string };
    expect(lock.command).toMatch(/country\/src\/main\.ts/);

    // Confirmed writes through the running process: a token, an import, a publication.
    const created = await fetch(`http://127.0.0.1:${port}/admin/tokens`, { method: 'POST' });
    const { token } = (await created.json()) as { token: string };
    expect((await upload(url(), token, FILE, { release: '2023 annual' })).report).toMatchObject({ ok: true, written: 1 });
    const publish = await admin(url(), token, `mutation { publishRelease(name: "2023 annual") { ok } }`);
    expect(publish.data.publishRelease.ok).toBe(true);

    // The importer that would have written beside it is refused, naming the process and what to do.
    const cli = await migfed(['unhcr', 'import', dir, '--data-dir', dir]);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain(`in use by process ${lock.pid}`);
    expect(cli.stderr).toMatch(/country\/src\/main\.ts/);
    expect(cli.stderr).toMatch(/Stop that process first .*kill \d+/);
    // So is a second subgraph on the same folder (another port).
    const second = startProcess(
      'subgraphs/country/src/main.ts',
      { COUNTRY: 'MDA', HOST: '127.0.0.1', PORT: String(await freePort()), DATA_DIR: dir },
      /country_mda subgraph .* at http/,
      120_000,
    );
    await expect(second).rejects.toThrow(new RegExp(`in use by process ${lock.pid}`));

    // After a restart, everything the first process confirmed is there, audit entries included.
    expect(await running.stop()).toBe(0);
    running = undefined;
    await expect(readFile(join(dir, 'migfed.lock'))).rejects.toThrow(/ENOENT/);
    running = await start();
    expect(await published()).toEqual([{ value: 4210, release: '2023 annual' }]);
    const log = await admin(url(), token, `{ auditLog { action release } }`);
    expect(log.data.auditLog.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['import', 'publish']));
  });

  it('takes over the lock of a process that was killed', { timeout: 300_000 }, async () => {
    running ??= await start();
    const pid = (JSON.parse(await readFile(join(dir, 'migfed.lock'), 'utf8')) as { pid: number }).pid;
    process.kill(pid, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 500));
    // The lock file is left behind, naming a process that no longer exists.
    expect(JSON.parse(await readFile(join(dir, 'migfed.lock'), 'utf8'))).toMatchObject({ pid });
    running = await start();
    expect(await published()).toEqual([{ value: 4210, release: '2023 annual' }]);
  });
});
