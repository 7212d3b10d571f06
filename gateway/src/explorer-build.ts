import { existsSync, statSync } from 'node:fs';
import { copyFile, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const gatewayDir = fileURLToPath(new URL('..', import.meta.url));
const sourceDir = fileURLToPath(new URL('../explorer/', import.meta.url));
export const defaultExplorerDir = fileURLToPath(new URL('../dist/explorer', import.meta.url));

// Monaco's language services, each bundled as a classic (IIFE) worker script.
const workers = {
  'editor.worker': 'monaco-editor/esm/vs/editor/editor.worker.js',
  'json.worker': 'monaco-editor/esm/vs/language/json/json.worker.js',
  'graphql.worker': 'monaco-graphql/esm/graphql.worker.js',
};

export interface BuildExplorerOptions {
  /** Default: gateway/dist/explorer (gitignored). */
  outDir?: string;
  /** Build even when the output is newer than the sources. */
  force?: boolean;
}

export interface BuildExplorerResult {
  outDir: string;
  built: boolean;
  ms: number;
}

async function newestSource(): Promise<number> {
  const files = [...(await readdir(sourceDir)).map((f) => sourceDir + f), fileURLToPath(import.meta.url), `${gatewayDir}package.json`];
  return Math.max(...files.map((f) => statSync(f).mtimeMs));
}

async function isFresh(outDir: string): Promise<boolean> {
  const index = `${outDir}/index.html`;
  return existsSync(index) && statSync(index).mtimeMs >= (await newestSource());
}

async function bundle(outDir: string): Promise<void> {
  // esbuild and GraphiQL are devDependencies: a production image builds the explorer at image build time.
  const esbuild = await import('esbuild');
  const common = { bundle: true, minify: true, absWorkingDir: gatewayDir, logLevel: 'error' as const, target: 'es2022' };
  await Promise.all([
    esbuild.build({
      ...common,
      entryPoints: { app: `${sourceDir}app.tsx` },
      outdir: outDir,
      format: 'esm',
      jsx: 'automatic',
      loader: { '.ttf': 'file' },
      assetNames: 'assets/[name]-[hash]',
      define: { 'process.env.NODE_ENV': '"production"' },
    }),
    esbuild.build({ ...common, entryPoints: workers, outdir: outDir, format: 'iife' }),
  ]);
  await copyFile(`${sourceDir}index.html`, `${outDir}/index.html`);
}

const inFlight = new Map<string, Promise<BuildExplorerResult>>();

/**
 * Bundles the offline GraphiQL explorer into `outDir` when it is missing or older than its sources
 * (or when forced). Builds into a temporary folder and renames it, so a server never serves half a build.
 */
export function buildExplorer({ outDir = defaultExplorerDir, force = false }: BuildExplorerOptions = {}): Promise<BuildExplorerResult> {
  const dir = outDir.replace(/\/+$/, '');
  const running = inFlight.get(dir);
  if (running) return running;
  const build = (async () => {
    const started = performance.now();
    if (!force && (await isFresh(dir))) return { outDir: dir, built: false, ms: 0 };
    const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
    try {
      await mkdir(tmp, { recursive: true });
      await bundle(tmp);
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
