#!/usr/bin/env node
// The image's entry point: ROLE (gateway, registry, country, provider) picks the program; every
// other variable is read by that program's own configuration. Replaces itself with the role's
// process (signals, exit code) through tsx, which the image installs with the workspace.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Each role's program, relative to the repository root. */
export const ROLE_MAINS = {
  gateway: 'gateway/src/main.ts',
  registry: 'subgraphs/registry/src/main.ts',
  country: 'subgraphs/country/src/main.ts',
  provider: 'subgraphs/provider/src/main.ts',
};

function main() {
  const role = (process.env.ROLE ?? '').trim().toLowerCase();
  const program = ROLE_MAINS[role];
  if (!program) {
    console.error(`ROLE must be one of ${Object.keys(ROLE_MAINS).join(', ')}, got "${process.env.ROLE ?? ''}"`);
    process.exit(2);
  }
  const tsx = join(root, 'node_modules', '.bin', 'tsx');
  if (!existsSync(tsx)) {
    console.error(`${tsx} is missing: install the workspace first (pnpm install --frozen-lockfile)`);
    process.exit(2);
  }
  const child = spawn(tsx, [join(root, program)], { cwd: root, stdio: 'inherit' });
  // The role drains on SIGTERM (running requests finish within SHUTDOWN_GRACE_S); pass it on.
  for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
