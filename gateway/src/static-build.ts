import { existsSync, statSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { precompress } from './compress.js';

export interface StaticBuildResult {
  outDir: string;
  /** False when the existing build was fresh and kept. */
  built: boolean;
  ms: number;
}

const inFlight = new Map<string, Promise<StaticBuildResult>>();

/** A build is fresh when its index.html is newer than every one of its source files. */
async function isFresh(dir: string, sources: () => Promise<string[]>): Promise<boolean> {
  const index = `${dir}/index.html`;
  if (!existsSync(index)) return false;
  const newest = Math.max(...(await sources()).map((f) => statSync(f).mtimeMs));
  return statSync(index).mtimeMs >= newest;
}

/**
 * Builds a static page bundle (the explorer, the report builder) into `outDir` unless it is fresh,
 * with brotli and gzip twins of its files (served by servePrecompressed),
 * in a temporary folder renamed into place so a server never serves half a build; one build per
 * folder at a time in this process.
 */
export function buildOnce(
  outDir: string,
  options: { force: boolean; sources: () => Promise<string[]>; bundle: (dir: string) => Promise<void> },
): Promise<StaticBuildResult> {
  const dir = outDir.replace(/\/+$/, '');
  const running = inFlight.get(dir);
  if (running) return running;
  const build = (async () => {
    const started = performance.now();
    if (!options.force && (await isFresh(dir, options.sources))) return { outDir: dir, built: false, ms: 0 };
    const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
    try {
      await mkdir(tmp, { recursive: true });
      await options.bundle(tmp);
      await precompress(tmp);
      await rm(dir, { recursive: true, force: true });
      // Another process (a parallel test file) may have renamed its own build in meanwhile: keep that one.
      await rename(tmp, dir).catch((err: unknown) => {
        if (!existsSync(`${dir}/index.html`)) throw err;
      });
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
    return { outDir: dir, built: true, ms: Math.round(performance.now() - started) };
  })().finally(() => inFlight.delete(dir));
  inFlight.set(dir, build);
  return build;
}
