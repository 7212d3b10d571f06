import { copyFile, readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { buildOnce, type StaticBuildResult } from './static-build.js';

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

export type BuildExplorerResult = StaticBuildResult;

/** The files the explorer is built from (the build is redone when one is newer). */
async function sources(): Promise<string[]> {
  return [...(await readdir(sourceDir)).map((f) => sourceDir + f), fileURLToPath(import.meta.url), `${gatewayDir}package.json`];
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
      // GraphiQL loads prettier (about 0.7 MB) only when a query is prettified: split, it stays
      // out of the first load.
      splitting: true,
      chunkNames: 'chunks/[name]-[hash]',
      jsx: 'automatic',
      loader: { '.ttf': 'file' },
      assetNames: 'assets/[name]-[hash]',
      define: { 'process.env.NODE_ENV': '"production"' },
    }),
    esbuild.build({ ...common, entryPoints: workers, outdir: outDir, format: 'iife' }),
  ]);
  await copyFile(`${sourceDir}index.html`, `${outDir}/index.html`);
}

/**
 * Bundles the offline GraphiQL explorer into `outDir` when it is missing or older than its sources
 * (or when forced). Builds into a temporary folder and renames it, so a server never serves half a build.
 */
export function buildExplorer({ outDir = defaultExplorerDir, force = false }: BuildExplorerOptions = {}): Promise<BuildExplorerResult> {
  return buildOnce(outDir, { force, sources, bundle });
}
