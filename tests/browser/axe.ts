// axe-core in the page under test: its source is evaluated in the page (through the DevTools
// protocol, so the page's content security policy does not stand in the way) and run on the whole
// document. A serious or critical violation fails the test with what and where.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
let axeSource: Promise<string> | null = null;

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

export async function seriousAxeViolations(page: Page): Promise<Violation[]> {
  axeSource ??= readFile(axePath, 'utf8');
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(await axeSource);
  const violations = (await page.evaluate(
    'window.axe.run(document, { resultTypes: ["violations"] }).then((r) => r.violations)',
  )) as Violation[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Fails with each serious or critical violation: its rule, its help text and the elements. */
export async function expectNoSeriousAxeViolations(page: Page, state: string): Promise<void> {
  const found = await seriousAxeViolations(page);
  const described = found.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(described, `axe-core on ${state}`).toEqual([]);
}
