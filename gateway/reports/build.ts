// Bundles the report builder (plain TypeScript and DOM, no framework) into one ES module with esbuild.
// Node code: imported by gateway/src/reports.ts; the browser code is in app/ (its own tsconfig, DOM lib).
import { copyFile, readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { buildOnce, type StaticBuildResult } from '../src/static-build.js';

const sourceDir = fileURLToPath(new URL('.', import.meta.url));
export const defaultReportsDir = fileURLToPath(new URL('../dist/reports', import.meta.url));

export type BuildReportsResult = StaticBuildResult;

/** The files the report builder is built from (the build is redone when one is newer). */
async function sources(): Promise<string[]> {
  const app = `${sourceDir}app/`;
  return [...(await readdir(app)).map((f) => app + f), `${sourceDir}index.html`, `${sourceDir}reports.css`, fileURLToPath(import.meta.url)];
}

async function bundle(outDir: string): Promise<void> {
  // esbuild is a devDependency: a production image runs the build at image build time (see README).
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: { app: `${sourceDir}app/main.ts` },
    outdir: outDir,
    bundle: true,
    minify: true,
    format: 'esm',
    // Code loaded only when asked for (exceljs for the XLSX download) goes into chunks of its own.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    target: 'es2022',
    logLevel: 'error',
  });
  await copyFile(`${sourceDir}reports.css`, `${outDir}/reports.css`);
  // Last, so that a fresh index.html means a complete build.
  await copyFile(`${sourceDir}index.html`, `${outDir}/index.html`);
}

/**
 * Builds the report builder into `outDir` when it is missing or older than its sources (or when
 * forced), in a temporary folder renamed into place so that a server never serves half a build.
 */
export function buildReports({ outDir = defaultReportsDir, force = false } = {}): Promise<BuildReportsResult> {
  return buildOnce(outDir, { force, sources, bundle });
}

// `pnpm --filter @migfed/gateway exec tsx reports/build.ts`: (re)builds dist/reports, e.g. in an image build.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { outDir, ms } = await buildReports({ force: true });
  console.log(`report builder built in ${outDir} (${ms} ms)`);
}
