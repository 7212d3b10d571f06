import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What a running `npm start` announces about itself, so that the CLI finds its members on whatever
 * `--port` it was given: one small JSON file per running demo, removed when it stops (and ignored
 * when the process that wrote it is gone, after a crash or a kill -9).
 */
export interface RunningDemo {
  pid: number;
  region: string;
  gatewayUrl: string;
  registryUrl: string;
  memberUrls: Record<string, string>;
  providerUrls: Record<string, string>;
  startedAt: string;
}

/**
 * Where running demos announce themselves: `.data/running/` at the repository root (the same for
 * every data directory), or MIGFED_RUN_DIR (tests, or demos started elsewhere).
 */
export function runningDir(): string {
  return process.env.MIGFED_RUN_DIR || join(import.meta.dirname, '..', '..', '.data', 'running');
}

const fileOf = (pid: number) => join(runningDir(), `demo-${pid}.json`);

/** Announces a started demo; returns the function that withdraws the announcement. */
export function announceDemo(demo: Omit<RunningDemo, 'pid' | 'startedAt'>): () => void {
  const entry: RunningDemo = { pid: process.pid, startedAt: new Date().toISOString(), ...demo };
  mkdirSync(runningDir(), { recursive: true });
  const file = fileOf(process.pid);
  writeFileSync(file, `${JSON.stringify(entry, null, 2)}\n`);
  return () => rmSync(file, { force: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The demos running now on this machine, newest first; files of dead processes are removed. */
export function runningDemos(): RunningDemo[] {
  let names: string[];
  try {
    names = readdirSync(runningDir()).filter((f) => /^demo-\d+\.json$/.test(f));
  } catch {
    return [];
  }
  const demos: RunningDemo[] = [];
  for (const name of names) {
    const file = join(runningDir(), name);
    let demo: RunningDemo;
    try {
      demo = JSON.parse(readFileSync(file, 'utf8')) as RunningDemo;
    } catch {
      continue; // being written, or not ours
    }
    if (!Number.isInteger(demo.pid) || !demo.memberUrls) continue;
    if (alive(demo.pid)) demos.push(demo);
    else rmSync(file, { force: true });
  }
  return demos.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
}

/**
 * The URL of a member's subgraph in a running demo, when exactly one running demo has it; throws
 * naming the demos' gateways when several do (the user then says which with --url).
 */
export function runningDemoMemberUrl(iso3: string): string | undefined {
  // Listed in a stable order (by gateway URL), whatever order the folder lists its files in.
  const having = runningDemos()
    .filter((d) => d.memberUrls[iso3])
    .sort((a, b) => a.gatewayUrl.localeCompare(b.gatewayUrl));
  if (having.length > 1) {
    const list = having.map((d) => `${d.memberUrls[iso3]} (demo at ${d.gatewayUrl})`).join(', ');
    throw new Error(`${having.length} running demos serve ${iso3}: ${list}; say which with --url`);
  }
  return having[0]?.memberUrls[iso3];
}
