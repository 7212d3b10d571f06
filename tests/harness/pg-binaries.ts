// Where the PostgreSQL server binaries (initdb + postgres) live on this machine, if anywhere.
// Debian/Ubuntu keep them off PATH in /usr/lib/postgresql/<major>/bin; other systems put them on PATH.
import { execFileSync } from 'node:child_process';
import { accessSync, constants, readdirSync, realpathSync } from 'node:fs';
import path from 'node:path';

export interface BinSearch {
  /** First folder holding both `initdb` and `postgres`, or undefined. */
  binDir: string | undefined;
  /** Every folder looked in, for the "nothing found" message. */
  looked: string[];
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `name` on PATH, symlinks resolved (a /usr/local/bin/initdb link must lead to the real bin dir). */
export function onPath(name: string, env: Record<string, string | undefined>): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    const file = path.join(dir || '.', name);
    if (executable(file)) return realpathSync(file);
  }
  return undefined;
}

/** Debian's versioned folders, highest major first (numeric sort: 9 < 10). */
function debianBinDirs(): string[] {
  const root = '/usr/lib/postgresql';
  let versions: string[];
  try {
    versions = readdirSync(root);
  } catch {
    return [];
  }
  return versions
    .filter((v) => /^\d+(\.\d+)?$/.test(v))
    .sort((a, b) => Number(b) - Number(a))
    .map((v) => path.join(root, v, 'bin'));
}

function pgConfigBinDir(env: Record<string, string | undefined>): string | undefined {
  const pgConfig = onPath('pg_config', env);
  if (pgConfig === undefined) return undefined;
  try {
    return execFileSync(pgConfig, ['--bindir'], { encoding: 'utf8', timeout: 5_000 }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The default search order: Debian folders, then `pg_config --bindir`, then `initdb` on PATH. */
export function defaultBinDirs(env: Record<string, string | undefined>): string[] {
  const initdb = onPath('initdb', env);
  const dirs = [...debianBinDirs(), pgConfigBinDir(env), initdb && path.dirname(initdb)];
  return [...new Set(dirs.filter((d): d is string => typeof d === 'string'))];
}

export function findBinDir(candidates: string[]): BinSearch {
  const binDir = candidates.find((dir) => executable(path.join(dir, 'initdb')) && executable(path.join(dir, 'postgres')));
  return { binDir, looked: candidates };
}
