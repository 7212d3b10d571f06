// What a person sees in the report builder, read off the page (text, not the page's own data).
import type { Page } from 'playwright-core';

export interface ShownRow {
  member: string;
  header: string;
  cells: string[];
}

/** The report table: one entry per row group (member, or TOTAL for the regional total). */
// Runs in the page: written as a string because the tests are typechecked without the DOM library.
const READ_TABLE = `[...document.querySelectorAll('table.report-table tbody')].map((b) => ({
  member: b.dataset.member ?? '',
  header: b.querySelector('th')?.innerText.trim() ?? '',
  cells: [...b.querySelectorAll('td')].map((td) => td.innerText.trim()),
}))`;

export function readTable(page: Page): Promise<ShownRow[]> {
  return page.evaluate(READ_TABLE) as Promise<ShownRow[]>;
}

/** Fills the form through its labels (so the test fails if a control loses its label) and submits. */
export async function buildReport(page: Page, o: { indicator: string; from: string; to: string }): Promise<void> {
  await page.getByLabel('Indicator', { exact: true }).selectOption({ label: o.indicator });
  // Periods are picked from those the members have published (the list arrives from the graph).
  await page.getByLabel('From', { exact: true }).selectOption(o.from);
  await page.getByLabel('To', { exact: true }).selectOption(o.to);
  await page.getByRole('button', { name: 'Show report' }).click();
  await page.getByRole('heading', { level: 2, name: new RegExp(`^${o.indicator}, ${o.from}–${o.to}$`) }).waitFor();
}

/** The table's figures and flags as a statistician writes them: `1,234` then the flag letter. */
const numberFormat = new Intl.NumberFormat('en');
const STATUS_LETTERS: Record<string, string> = { A: '', P: 'p', E: 'e', B: 'b', U: 'u' };
export function expectedCell(value: number | null, status: string, revised = false): string {
  return value === null ? ':' : `${numberFormat.format(value)}${STATUS_LETTERS[status] ?? status.toLowerCase()}${revised ? 'r' : ''}`;
}
