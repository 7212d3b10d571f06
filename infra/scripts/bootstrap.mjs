#!/usr/bin/env node
// The one entry point behind `npm start` and `npm test`: on a fresh clone it gets pnpm (the
// version pinned in package.json) and installs the workspace, then runs the demo or every test
// tier. Plain JavaScript on purpose: it must run before any dependency is installed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
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

const bin = (name) => join(root, 'node_modules', '.bin', name);
const [mode, ...args] = process.argv.slice(2);
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
  default:
    console.error('usage: bootstrap.mjs demo|test|migfed [args…]');
    process.exit(2);
}
