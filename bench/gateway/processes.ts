// Starting and stopping the benchmark's child processes: the subgraphs, and each gateway in a process
// of its own (so its CPU and memory can be read from /proc without anything else mixed in).
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface Child {
  name: string;
  pid: number;
  proc: ChildProcess;
  /** The last lines it wrote to stderr (shown when it dies early). */
  tail: string[];
  stop(): Promise<void>;
}

// The test harness's: a port free right now on loopback (the child binds it a moment later).
export { freePort } from '@migfed/tests/harness/processes';

/** Spawns `node <args>` from the repository root; TypeScript entry points run through tsx. */
export function startNode(name: string, args: string[], env: Record<string, string>, onLine?: (line: string) => void): Child {
  const proc = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { ...process.env, NODE_ENV: 'production', APOLLO_TELEMETRY_DISABLED: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail: string[] = [];
  const keep = (line: string) => {
    tail.push(line);
    if (tail.length > 30) tail.shift();
  };
  createInterface({ input: proc.stdout! }).on('line', (line) => {
    keep(line);
    onLine?.(line);
  });
  createInterface({ input: proc.stderr! }).on('line', keep);
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  return {
    name,
    pid: proc.pid!,
    proc,
    tail,
    stop: async () => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Resolves with the first stdout line matching `pattern`, or rejects when the child exits first. */
export function waitForLine(child: Child, pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(`no "${pattern.source}" within ${timeoutMs} ms`), timeoutMs);
    const fail = (why: string) => {
      clearTimeout(timer);
      reject(new Error(`${child.name}: ${why}\n  ${child.tail.join('\n  ')}`));
    };
    child.proc.once('exit', (code) => fail(`exited with ${code}`));
    createInterface({ input: child.proc.stdout! }).on('line', (line) => {
      const match = pattern.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    });
  });
}

/** Polls a GraphQL endpoint with `{ __typename }` until it answers 200. */
export async function waitForGraphql(child: Child, url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.proc.exitCode !== null) throw new Error(`${child.name} exited with ${child.proc.exitCode}\n  ${child.tail.join('\n  ')}`);
    const ok = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' })
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${child.name}: ${url} did not answer within ${timeoutMs} ms\n  ${child.tail.join('\n  ')}`);
}
