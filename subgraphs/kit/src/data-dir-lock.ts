// An embedded PGlite database is one process's files: a second process that opens the same folder
// (the CLI importing while the demo runs) writes beside the first, and whichever closes last wins,
// so writes the other confirmed are lost. A lock file in the folder names the process that holds
// it; anyone else is refused with who holds it and what to do. A lock whose process is gone (killed,
// crashed) is stale and taken over.
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';

export const LOCK_FILE = 'migfed.lock';

interface LockHolder {
  pid: number;
  /** Start time of the process as the kernel counts it, so a recycled pid is not taken for the holder. */
  started: string | null;
  host: string;
  command: string;
  since: string;
}

/** Thrown when another running process holds the folder. */
export class DataDirLocked extends Error {
  readonly code = 'DATA_DIR_LOCKED';
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `the database in ${dataDir} is in use by process ${holder.pid} (${holder.command}, since ${holder.since}); ` +
        'two processes writing one embedded database lose each other’s writes. Stop that process first ' +
        `(Ctrl+C in its terminal, or kill ${holder.pid}), then run this again; or, to change a running demo, go through it ` +
        '(npm run migfed -- import/publish/token talk to the running subgraphs)',
    );
  }
}

/** Field 22 of /proc/PID/stat (Linux): when the process started; null where there is no /proc. */
function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: count from its closing one.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function isAlive(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return true; // a shared folder: we cannot look, so we do not take it
  try {
    process.kill(holder.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const started = processStart(holder.pid);
  return holder.started === null || started === null || started === holder.started;
}

function readHolder(path: string): LockHolder | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockHolder>;
    return typeof parsed.pid === 'number' ? (parsed as LockHolder) : undefined;
  } catch {
    return undefined; // unreadable or half-written: whoever wrote it did not finish, treat as stale
  }
}

/** Throws DataDirLocked when a live process other than this one holds `dataDir`. */
export function assertDataDirFree(dataDir: string): void {
  const holder = readHolder(join(dataDir, LOCK_FILE));
  if (holder && isAlive(holder) && holder.pid !== process.pid) throw new DataDirLocked(resolve(dataDir), holder);
}

const held = new Map<string, () => void>();

/**
 * Takes the lock on `dataDir` (which must exist) for this process, or throws DataDirLocked.
 * Returns the release function; the lock is also released when the process exits normally.
 */
export function lockDataDir(dataDir: string): () => void {
  const path = join(resolve(dataDir), LOCK_FILE);
  if (held.has(path)) throw new DataDirLocked(resolve(dataDir), readHolder(path) ?? self());
  for (let attempt = 0; ; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, 'wx');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 2) throw err;
      const holder = readHolder(path);
      if (holder && isAlive(holder)) throw new DataDirLocked(resolve(dataDir), holder);
      rmSync(path, { force: true }); // stale: its process is gone
      continue;
    }
    try {
      writeSync(fd, JSON.stringify(self()));
    } finally {
      closeSync(fd);
    }
    const release = () => {
      if (!held.delete(path)) return;
      process.off('exit', release);
      if (readHolder(path)?.pid === process.pid) rmSync(path, { force: true });
    };
    held.set(path, release);
    process.on('exit', release);
    return release;
  }
}

function self(): LockHolder {
  return {
    pid: process.pid,
    started: processStart(process.pid),
    host: hostname(),
    command: process.argv
      .slice(1)
      .map((a) => a.replace(/^.*\/(?=[^/]+\/src\/)/, ''))
      .join(' ')
      .slice(0, 200),
    since: new Date().toISOString(),
  };
}
