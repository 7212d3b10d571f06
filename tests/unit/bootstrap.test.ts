// The setup behind `npm start`, `npm test` and the pnpm scripts, as a new user meets it.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const bootstrap = join(root, 'infra', 'scripts', 'bootstrap.mjs');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { packageManager: string; scripts: Record<string, string> };
const pinned = pkg.packageManager.replace(/^pnpm@/, '');

// Dropping privileges needs root (to become `nobody`) and util-linux's setpriv.
const canDropRoot = process.getuid?.() === 0 && spawnSync('setpriv', ['--version']).status === 0;

describe('infra/scripts/bootstrap.mjs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'migfed-bootstrap-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.skipIf(!canDropRoot)('npm test without Chromium, as a user who cannot install it, stops at once with the one command to run', () => {
    const run = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', '--', process.execPath, bootstrap, 'test'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 30_000,
      env: { PATH: process.env.PATH, CHROMIUM_PATH: join(dir, 'no-chromium') },
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('missing: Chromium');
    expect(run.stderr).toContain("sudo sh -c 'apt-get update && apt-get install -y chromium'");
    // It stopped before anything else: no install, no lint, no typecheck.
    expect(run.stderr).not.toMatch(/installing dependencies|format and lint|typecheck/);
  });

  // npx fetches the pinned pnpm the first time (seconds on a fresh machine).
  it('runs the pinned pnpm for npm scripts on a machine whose PATH has no pnpm', { timeout: 120_000 }, () => {
    const noPnpm = join(dir, 'no-pnpm');
    mkdirSync(noPnpm, { recursive: true });
    writeFileSync(join(noPnpm, 'pnpm'), '#!/bin/sh\necho "sh: pnpm: not found" >&2\nexit 127\n');
    chmodSync(join(noPnpm, 'pnpm'), 0o755);
    const run = spawnSync(process.execPath, [bootstrap, 'pnpm', '--version'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, PATH: `${noPnpm}${delimiter}${process.env.PATH}` },
    });
    expect(run.stderr).not.toContain('pnpm: not found');
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe(pinned);
  });

  it('the package scripts that need pnpm get it through bootstrap.mjs, never from PATH', () => {
    const { scripts } = pkg;
    const callingPnpm = Object.entries(scripts).filter(([, command]) => /(^|[\s;&|])pnpm\s/.test(command));
    expect(callingPnpm.map(([name]) => name)).toEqual(expect.arrayContaining(['bench', 'bench:scale', 'bench:import', 'bench:load']));
    for (const [name, command] of callingPnpm) expect(command, name).toMatch(/^node infra\/scripts\/bootstrap\.mjs pnpm /);
  });

  it("names a package's script with `run` where pnpm has a command of the same name", () => {
    // pnpm's own commands win over a package's scripts: `pnpm --filter @migfed/bench import` is
    // `pnpm import` (it converts another package manager's lockfile) and stops at once.
    const BUILT_IN = ['add', 'audit', 'deploy', 'fetch', 'import', 'init', 'install', 'link', 'list', 'outdated', 'pack', 'patch'];
    const BUILT_IN_MORE = ['prune', 'publish', 'rebuild', 'remove', 'store', 'unlink', 'update', 'why'];
    for (const [name, command] of Object.entries(pkg.scripts as Record<string, string>)) {
      const called = /pnpm --filter \S+ (\S+)/.exec(command)?.[1];
      if (called) expect([...BUILT_IN, ...BUILT_IN_MORE], `${name}: ${command}`).not.toContain(called);
    }
  });
});
