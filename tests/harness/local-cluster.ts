// A throwaway PostgreSQL cluster from the installed binaries: initdb into a temp folder, start `postgres` on a free loopback port, and remove
// everything on stop. ≈ 0.7–0.9 s on the dev machines.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { onPath } from './pg-binaries.js';

const PREFIX = 'migfed-pg-';
const run = promisify(execFile);

export interface LocalCluster {
  url: string;
  stop(): Promise<void>;
}

/**
 * A problem with the machine, not the code: its stack is just the message, so vitest prints the
 * explanation without a code frame and twenty lines of its own internals.
 */
export class PostgresSetupError extends Error {
  override name = 'PostgresSetupError';
  constructor(message: string) {
    super(message);
    this.stack = `${this.name}: ${message}`;
  }
}

/**
 * initdb and postgres refuse to run as root, so as root both run as user `postgres` through setpriv.
 * setpriv also sets the parent-death signal: if the test process dies (even SIGKILL) the kernel sends
 * the server SIGQUIT. Caveat: the signal follows the *thread* that spawned it, so start clusters from
 * a process's main thread (vitest's globalSetup and forks pool do), not from a worker_thread.
 */
function wrapper(): string[] {
  const setpriv = onPath('setpriv', process.env);
  const root = process.getuid?.() === 0;
  if (root && setpriv === undefined)
    throw new PostgresSetupError('Running as root needs `setpriv` (util-linux) to start PostgreSQL as user postgres');
  if (setpriv === undefined) return []; // e.g. macOS: no pdeathsig, teardown still stops the server
  const user = root ? ['--reuid=postgres', '--regid=postgres', '--init-groups'] : [];
  return [setpriv, ...user, '--pdeathsig', 'SIGQUIT', '--'];
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};
const pidIn = (file: string): number => Number.parseInt(readFileSync(file, 'utf8'), 10);

/** Removes folders left by test processes that were killed before teardown (owner and server gone). */
function sweepStale(): void {
  for (const name of readdirSync(tmpdir()).filter((n) => n.startsWith(PREFIX))) {
    const dir = path.join(tmpdir(), name);
    try {
      const server = path.join(dir, 'data', 'postmaster.pid');
      if (alive(pidIn(path.join(dir, 'owner.pid'))) || (existsSync(server) && alive(pidIn(server)))) continue;
      rmSync(dir, { recursive: true, force: true });
    } catch {
      /* no owner.pid yet (another process is creating it) or already gone */
    }
  }
}

/** Spawns the server and resolves once it logs "ready to accept connections"; rejects with its stderr. */
function startServer(argv: string[], timeoutMs: number): Promise<ChildProcess> {
  const [command = '', ...args] = argv;
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  let ready = false;
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGQUIT'); // immediate shutdown; and don't let a stuck child hold the test process open
      child.stderr?.destroy();
      child.unref();
      reject(new PostgresSetupError(`PostgreSQL did not start (${why}). Server output:\n${log.trim()}`));
    };
    const timer = setTimeout(() => fail(`no "ready to accept connections" within ${timeoutMs} ms`), timeoutMs);
    child.once('error', (error) => fail(error.message));
    child.once('exit', (code, signal) => fail(`exited with ${signal ?? code}`));
    // Keep draining stderr after startup too: once the pipe is full, the server blocks at its next log line.
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      if (ready) return;
      log = (log + chunk).slice(-8_000);
      if (!log.includes('ready to accept connections')) return;
      ready = true;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve(child);
    });
  });
}

export async function startLocalCluster(binDir: string, timeoutMs: number): Promise<LocalCluster> {
  sweepStale();
  const dir = mkdtempSync(path.join(tmpdir(), PREFIX));
  writeFileSync(path.join(dir, 'owner.pid'), String(process.pid));
  try {
    const prefix = wrapper();
    if (process.getuid?.() === 0) {
      await run('chown', ['postgres:', dir]).catch((error: Error) => {
        throw new PostgresSetupError(`PostgreSQL refuses to run as root and user postgres cannot own ${dir}: ${error.message}`);
      });
    }
    const data = path.join(dir, 'data');
    const [initdb = '', ...initdbArgs] = [
      ...prefix,
      path.join(binDir, 'initdb'),
      '-D',
      data,
      '-U',
      'postgres',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
      '--no-instructions',
    ];
    await run(initdb, initdbArgs, { timeout: timeoutMs }).catch((error: { stderr?: string; message: string }) => {
      throw new PostgresSetupError(`initdb failed: ${error.stderr?.trim() || error.message}`);
    });
    const port = await freePort();
    const server = [
      path.join(binDir, 'postgres'),
      '-D',
      data,
      '-p',
      String(port),
      '-k',
      dir,
      '-c',
      'listen_addresses=127.0.0.1',
      // Durability is pointless for a throwaway cluster; these make DDL and CREATE DATABASE fast.
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
    ];
    const child = await startServer([...prefix, ...server], timeoutMs);
    return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, stop: () => stopCluster(child, dir) };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** SIGINT is PostgreSQL's "fast" shutdown: disconnects clients, no waiting for them to finish. */
async function stopCluster(child: ChildProcess, dir: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGQUIT'), 10_000);
    await exited;
    clearTimeout(timer);
  }
  rmSync(dir, { recursive: true, force: true });
}
