#!/usr/bin/env node
// The one entry point behind every npm script that needs the workspace: on a fresh clone it gets
// pnpm (the version pinned in package.json), installs the workspace and, for the tests, the system
// packages they drive (Chromium, a PostgreSQL server, R's rsdmx, xmllint: installed with apt-get when running as root,
// otherwise it stops at once with the one command to run). Then it runs the demo, every test tier,
// the CLI, or pnpm itself for scripts such as `npm run bench` (npm puts no pnpm on their PATH).
// Plain JavaScript on purpose: it must run before any dependency is installed.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const pnpmVersion = pkg.packageManager.replace(/^pnpm@/, '');

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function pnpmCommand() {
  const probe = spawnSync('pnpm', ['--version'], { encoding: 'utf8' });
  if (probe.status === 0 && probe.stdout.trim() === pnpmVersion) return ['pnpm', []];
  // Corepack fails its signature check on these machines; npx fetches the pinned pnpm.
  return ['npx', ['-y', `pnpm@${pnpmVersion}`]];
}

function installIfNeeded() {
  const marker = join(root, 'node_modules', '.modules.yaml');
  const lock = join(root, 'pnpm-lock.yaml');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  console.error(`[migfed] installing dependencies with pnpm ${pnpmVersion} …`);
  const [cmd, pre] = pnpmCommand();
  const status = run(cmd, [...pre, 'install', '--frozen-lockfile']);
  if (status !== 0) {
    console.error('[migfed] dependency installation failed; see the output above');
    process.exit(status);
  }
}

function executable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

const onPath = (name) => (process.env.PATH ?? '').split(delimiter).some((dir) => dir && executable(join(dir, name)));

// A PostgreSQL server where tests/harness/pg-binaries.ts looks for one: Debian's versioned folders
// (off PATH) or initdb on PATH.
function hasPostgresServer() {
  const debian = '/usr/lib/postgresql';
  const versions = existsSync(debian) ? readdirSync(debian) : [];
  return versions.some((v) => executable(join(debian, v, 'bin', 'initdb'))) || onPath('initdb');
}

/**
 * What the test tiers need from the system, beyond the npm registry. Each entry: what it is, whether
 * it is already here, and the Debian packages that bring it (`lean`: without recommends, which for
 * R would pull about 600 packages).
 */
const testRequirements = [
  {
    what: 'Chromium (the browser tests of /reports and /explorer)',
    present: () => (process.env.CHROMIUM_PATH ? existsSync(process.env.CHROMIUM_PATH) : existsSync('/usr/bin/chromium')),
    packages: ['chromium'],
  },
  {
    what: 'a PostgreSQL server (integration and end-to-end tests)',
    // An external server or a container runtime makes the local binaries unnecessary.
    present: () => Boolean(process.env.TEST_DATABASE_URL) || hasPostgresServer(),
    packages: ['postgresql'],
  },
  {
    what: "R's rsdmx and jsonlite (the SDMX API read by an SDMX client)",
    present: () => onPath('Rscript') && spawnSync('Rscript', ['-e', 'library(rsdmx); library(jsonlite)'], { stdio: 'ignore' }).status === 0,
    packages: ['r-cran-rsdmx', 'r-cran-jsonlite'],
    lean: true,
  },
  {
    what: 'xmllint (SDMX-ML messages validated against their schemas)',
    present: () => onPath('xmllint'),
    packages: ['libxml2-utils'],
    lean: true,
  },
];

/** Installs what is missing with apt-get when it can (root on Debian); otherwise stops with the command. */
function ensureSystemPackages(requirements) {
  const missing = requirements.filter((r) => !r.present());
  if (missing.length === 0) return;
  const packages = missing.flatMap((r) => r.packages);
  const full = missing.filter((r) => !r.lean).flatMap((r) => r.packages);
  const lean = missing.filter((r) => r.lean).flatMap((r) => r.packages);
  const command = [
    'apt-get update',
    ...(full.length > 0 ? [`apt-get install -y ${full.join(' ')}`] : []),
    ...(lean.length > 0 ? [`apt-get install -y --no-install-recommends ${lean.join(' ')}`] : []),
  ].join(' && ');
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !onPath('apt-get')) {
    console.error(`[migfed] missing: ${missing.map((r) => r.what).join('; ')}.`);
    console.error(`[migfed] install it, then run this again:\n\n  sudo sh -c '${command}'\n`);
    process.exit(1);
  }
  console.error(`[migfed] installing ${packages.join(', ')} with apt-get (once) …`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const status = run('sh', ['-c', command], { env });
  const still = missing.filter((r) => !r.present());
  if (status !== 0 || still.length > 0) {
    console.error(`[migfed] apt-get could not install ${packages.join(' ')}; run it by hand:\n\n  ${command}\n`);
    process.exit(status || 1);
  }
}

const bin = (name) => join(root, 'node_modules', '.bin', name);
const [mode, ...args] = process.argv.slice(2);
// System packages first: a missing one stops the run at once, before any download.
if (mode === 'test') ensureSystemPackages(testRequirements);
installIfNeeded();
const env = { ...process.env, APOLLO_TELEMETRY_DISABLED: '1' };

switch (mode) {
  case 'demo':
    process.exit(run(bin('tsx'), ['infra/demo/src/main.ts', ...args], { env }));
    break;
  case 'test': {
    // Besides vitest's own report, a JSON one gives the closing 'N passed, N failed' line.
    const summary = join(mkdtempSync(join(tmpdir(), 'migfed-test-')), 'results.json');
    const steps = [
      // Formatting and lint first: a failure there is the cheapest to see and to fix (`npm run format`).
      ['format and lint', bin('biome'), ['check', '.']],
      ['typecheck', bin('tsc'), ['-p', 'tsconfig.json']],
      // The report builder runs in browsers: its own tsconfig has the DOM and no Node types.
      ['typecheck (reports)', bin('tsc'), ['-p', 'gateway/reports/tsconfig.json']],
      ['tests', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${summary}`, ...args]],
    ];
    for (const [name, cmd, cmdArgs] of steps) {
      console.error(`[migfed] ${name} …`);
      const status = run(cmd, cmdArgs, { env });
      if (name === 'tests' && existsSync(summary)) {
        const { numPassedTests, numFailedTests, numPendingTests } = JSON.parse(readFileSync(summary, 'utf8'));
        console.log(`${numPassedTests} passed, ${numFailedTests} failed${numPendingTests ? `, ${numPendingTests} skipped` : ''}`);
      }
      if (status !== 0) {
        console.error(`[migfed] ${name} failed`);
        process.exit(status);
      }
    }
    break;
  }
  case 'migfed':
    process.exit(run(bin('tsx'), ['infra/cli/src/main.ts', ...args], { env }));
    break;
  case 'pnpm': {
    // The pinned pnpm for scripts like `npm run bench`, whether or not one is installed globally.
    const [cmd, pre] = pnpmCommand();
    process.exit(run(cmd, [...pre, ...args], { env }));
    break;
  }
  default:
    console.error('usage: bootstrap.mjs demo|test|migfed|pnpm [args…]');
    process.exit(2);
}
