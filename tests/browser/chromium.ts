// Headless Chromium for the browser tests: Debian's package driven by playwright-core
// (`npx playwright install` cannot download browsers here). `npm test` installs it (infra/scripts/bootstrap.mjs).
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Without the background-networking flags Chromium keeps calling Google's hosts, which this
// network refuses; --user-data-dir must not be passed (playwright sets its own).
const args = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(executablePath)) {
    throw new Error(
      `No Chromium at ${executablePath}: install it with \`apt-get install -y chromium\` (\`npm test\` does, as root), or set CHROMIUM_PATH.`,
    );
  }
  return chromium.launch({ executablePath, args });
}

/**
 * Where a browser test writes its screenshots: docs/screenshots/ (named in the README) only when
 * asked with UPDATE_SCREENSHOTS=1, otherwise a temporary folder, so a test run never changes the
 * repository's files.
 */
export function screenshotDir(): string {
  if (process.env.UPDATE_SCREENSHOTS === '1') return join(import.meta.dirname, '..', '..', 'docs', 'screenshots');
  return mkdtempSync(join(tmpdir(), 'migfed-screenshots-'));
}
