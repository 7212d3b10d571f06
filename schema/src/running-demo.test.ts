import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { announceDemo, runningDemoMemberUrl, runningDemos } from './running-demo.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'migfed-running-'));
  process.env.MIGFED_RUN_DIR = dir;
});
afterEach(() => {
  delete process.env.MIGFED_RUN_DIR;
  rmSync(dir, { recursive: true, force: true });
});

const demo = (port: number) => ({
  region: 'dsm',
  gatewayUrl: `http://127.0.0.1:${port}/graphql`,
  registryUrl: `http://127.0.0.1:${port + 1}/graphql`,
  memberUrls: { MDA: `http://127.0.0.1:${port + 105}/graphql` },
  providerUrls: {},
});

describe('running demos, as the CLI finds them', () => {
  it('finds the member of a running demo on its own port, and forgets it when withdrawn', () => {
    const withdraw = announceDemo(demo(5000));
    expect(runningDemoMemberUrl('MDA')).toBe('http://127.0.0.1:5105/graphql');
    expect(runningDemoMemberUrl('GEO')).toBeUndefined();
    withdraw();
    expect(runningDemoMemberUrl('MDA')).toBeUndefined();
  });

  it('ignores and removes the file of a demo whose process is gone', () => {
    // A pid that certainly existed and exited: a finished child process's.
    const gone = spawnSync(process.execPath, ['-e', 'process.pid'], { encoding: 'utf8' }).pid;
    const file = join(dir, `demo-${gone}.json`);
    writeFileSync(file, JSON.stringify({ ...demo(5000), pid: gone, startedAt: new Date().toISOString() }));
    expect(runningDemos()).toEqual([]);
    expect(existsSync(file)).toBe(false);
  });

  it('asks for --url when two running demos serve the same member', () => {
    announceDemo(demo(5000));
    writeFileSync(
      join(dir, `demo-${process.ppid}.json`),
      JSON.stringify({ ...demo(7000), pid: process.ppid, startedAt: new Date().toISOString() }),
    );
    expect(() => runningDemoMemberUrl('MDA')).toThrow(
      /2 running demos serve MDA: .*5105.*demo at http:\/\/127\.0\.0\.1:5000.*7105.*demo at http:\/\/127\.0\.0\.1:7000.*; say which with --url/,
    );
  });
});
