// In a real browser: the demo stack (every DSM member on PGlite, generated 2015–2024 data)
// and headless Chromium. Each test checks what a person sees against what the graph returns.
// Screenshots go to a temporary folder; UPDATE_SCREENSHOTS=1 refreshes docs/screenshots/ (named in the README).
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { seedDemo, startStack, type Stack } from '@migfed/demo';
import { loadRegion } from '@migfed/schema';
import { migrate as migrateCountry } from '@migfed/subgraph-country';
import { createDb, type DbHandle, openPglite } from '@migfed/subgraph-kit';
import { migrate as migrateRegistry } from '@migfed/subgraph-registry';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql } from '../harness/graphql.js';
import { parseCsv } from '../harness/csv.js';
import { expectNoSeriousAxeViolations } from './axe.js';
import { launchChromium, screenshotDir } from './chromium.js';
import { buildReport, expectedCell, readTable } from './report-page.js';

const region = loadRegion('dsm');
const MEMBERS = region.members.map((m) => m.iso3);
const YEARS = ['2015', '2016', '2017', '2018', '2019', '2020', '2021', '2022', '2023', '2024'];
const screenshots = screenshotDir();

let handle: DbHandle;
let stack: Stack;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let reports: string;
let permalink: string;

interface Graph {
  name: string;
  values: { period: string; value: number; status: string; revised: boolean; previousValue: number | null }[];
}

/** The same figures, straight from the graph: what the table must show. */
async function fromGraph(): Promise<Map<string, Graph>> {
  const res = await gql(
    stack.gatewayUrl,
    `{ countries { iso3 name observations(indicator: "WORK_PERMITS_ISSUED", from: "2015", to: "2024") { period value status revised previousValue } } }`,
  );
  return new Map(
    (res.data.countries as ({ iso3: string; observations: Graph['values'] | null } & Graph)[]).map((c) => [
      c.iso3,
      { name: c.name, values: c.observations ?? [] },
    ]),
  );
}

function expectedTotals(graph: Map<string, Graph>, members: string[]): string[] {
  return YEARS.map((year) => {
    const cells = members.map((m) => graph.get(m)!.values.find((v) => v.period === year)!);
    const flags = [...new Set(cells.flatMap((c) => [...expectedCell(0, c.status, c.revised).slice(1)]))].sort().join('');
    return `${expectedCell(
      cells.reduce((s, c) => s + c.value, 0),
      'A',
    )}${flags}`;
  });
}

beforeAll(async () => {
  handle = createDb({ pglite: await openPglite() });
  await migrateRegistry(handle);
  await migrateCountry(handle);
  await seedDemo(handle.db, region);
  stack = await startStack({ region, db: handle.db, subgraphTimeoutMs: 3000 });
  reports = stack.gatewayUrl.replace(/\/graphql$/, '/reports/');
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  page = await context.newPage();
  await mkdir(screenshots, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  await handle?.close();
});

describe('the report builder at /reports', () => {
  it('opens on the overview: every member × indicator with its latest period and release date', async () => {
    await page.goto(reports);
    const table = page.getByRole('table', { name: /Latest period published by each member/ });
    await table.waitFor();
    expect(await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-member')))).toEqual(MEMBERS);
    const workPermits = (await table.locator('thead th').allInnerTexts()).indexOf('Work permits issued');
    const cell = (
      await table
        .locator('tbody tr')
        .first()
        .locator('td')
        .nth(workPermits - 1)
        .innerText()
    ).split('\n');
    expect(cell).toEqual(['2024', expect.stringMatching(/^released \d{4}-\d{2}-\d{2}$/)]);
    // Keyboard users land on the skip link first, and every form control has a label.
    await page.keyboard.press('Tab');
    await expect(page.evaluate('document.activeElement?.textContent')).resolves.toBe('Skip to the report');
    for (const label of ['Indicator', 'From', 'To', 'Breakdown', 'Second breakdown', 'Columns', 'Chart', 'Armenia']) {
      await expect(page.getByLabel(label, { exact: true }).count()).resolves.toBe(1);
    }
    await expectNoSeriousAxeViolations(page, 'the overview');
    await page.screenshot({ path: join(screenshots, 'reports-overview.png'), fullPage: true });
  });

  it('builds work permits for every DSM member 2015–2024: the table shows the graph’s figures, flags and totals', async () => {
    await buildReport(page, { indicator: 'Work permits issued', from: '2015', to: '2024' });
    const graph = await fromGraph();
    const shown = await readTable(page);
    expect(shown.map((r) => r.member)).toEqual([...MEMBERS, 'TOTAL']);
    for (const row of shown.slice(0, -1)) {
      const expected = YEARS.map((y) => graph.get(row.member)!.values.find((v) => v.period === y)).map((v) =>
        expectedCell(v?.value ?? null, v?.status ?? 'A', v?.revised),
      );
      expect([row.member, row.cells]).toEqual([row.member, expected]);
    }
    expect(shown.at(-1)!.cells).toEqual(expectedTotals(graph, MEMBERS));
    expect(shown.at(-1)!.cells.every((c) => c.endsWith('p') === c.includes('p'))).toBe(true);
    expect(shown.at(-1)!.cells.at(-1)).toMatch(/p$/); // 2024 is provisional everywhere
    await expect(page.locator('#totals-note').innerText()).resolves.toBe('Regional totals: total of 12 of 12 members in every period.');
    // The chart: a line per member, and the flags explained.
    expect(await page.locator('figure.chart svg path[data-series]').count()).toBe(12);
    await expect(page.getByRole('heading', { name: 'Flags' }).isVisible()).resolves.toBe(true);
    permalink = await page
      .locator('#permalink')
      .getAttribute('href')
      .then((h) => h!);
    expect(new URL(permalink).search).toBe('?indicator=WORK_PERMITS_ISSUED&from=2015&to=2024');
    await expectNoSeriousAxeViolations(page, 'the work permits report');
    await page.screenshot({ path: join(screenshots, 'reports-work-permits.png'), fullPage: true });
  });

  it('downloads a CSV and an SDMX-CSV of exactly what the table shows', async () => {
    const shown = await readTable(page);
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    const text = await readFile((await csv.path())!, 'utf8');
    expect(csv.suggestedFilename()).toBe('work_permits_issued_2015_2024.csv');
    // A byte-order mark (Excel reads UTF-8 names right), then one row per figure.
    expect(text.startsWith('\uFEFF')).toBe(true);
    const rows = parseCsv(text.slice(1));
    expect(rows[0]).toEqual(['Member code', 'Member', 'Period', 'Value', 'Flags', 'Previous value']);
    // The table, rebuilt from the CSV: the value written plainly, the flags in their own column.
    const format = new Intl.NumberFormat('en');
    const cellOf = (code: string, year: string) => {
      const r = rows.find((x) => x[0] === code && x[2] === year)!;
      return `${r[3] === '' ? ':' : format.format(Number(r[3]))}${r[4]!.replace(/[: ]/g, '')}`;
    };
    expect(shown.map((r) => YEARS.map((y) => cellOf(r.member === 'TOTAL' ? 'DSM' : r.member, y)))).toEqual(shown.map((r) => r.cells));
    expect(rows).toHaveLength(1 + (MEMBERS.length + 1) * YEARS.length);
    // The demo revised 2023: the value published before is in a column of its own.
    const graph = await fromGraph();
    const previous2023 = (iso3: string) => graph.get(iso3)!.values.find((v) => v.period === '2023')!.previousValue;
    expect(MEMBERS.map((m) => rows.find((r) => r[0] === m && r[2] === '2023')![5])).toEqual(
      MEMBERS.map((m) => String(previous2023(m) ?? '')),
    );

    const [sdmx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download SDMX-CSV' }).click()]);
    const sdmxRows = parseCsv(await readFile((await sdmx.path())!, 'utf8'));
    expect(sdmxRows[0]).toEqual([
      'DATAFLOW',
      'REF_AREA',
      'INDICATOR',
      'SEX',
      'CITIZENSHIP',
      'TIME_PERIOD',
      'OBS_VALUE',
      'OBS_STATUS',
      'CONF_STATUS',
    ]);
    expect(sdmxRows).toHaveLength(1 + MEMBERS.length * YEARS.length);
    const kaz2024 = sdmxRows.find((r) => r[1] === 'KAZ' && r[5] === '2024')!;
    expect(kaz2024.slice(0, 5)).toEqual(['MIGFED:DF_MIGRATION(1.0)', 'KAZ', 'WORK_PERMITS_ISSUED', '_T', '_T']);
    expect(shown.find((r) => r.member === 'KAZ')!.cells.at(-1)).toBe(expectedCell(Number(kaz2024[6]), kaz2024[7]!));
  });

  it('reopens the same report from its link, and fits a phone-sized screen', async () => {
    const first = await readTable(page);
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(permalink);
    await phone.getByRole('heading', { level: 2, name: 'Work permits issued, 2015–2024' }).waitFor();
    expect(await readTable(phone)).toEqual(first);
    await expect(phone.getByLabel('Indicator').inputValue()).resolves.toBe('WORK_PERMITS_ISSUED');
    // Wide tables scroll in their own box; the page itself never scrolls sideways.
    expect(await phone.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await expectNoSeriousAxeViolations(phone, 'a report on a phone');
    await phone.screenshot({ path: join(screenshots, 'reports-phone.png'), fullPage: false });
    await phone.close();
  });

  it('pivots on a breakdown: 2024 by sex, female and male adding up to each member’s total', async () => {
    await page.goto(`${reports}?indicator=WORK_PERMITS_ISSUED&from=2024&to=2024&by=SEX&columns=breakdown`);
    const table = page.getByRole('table', { name: /^Work permits issued, 2024/ });
    await table.waitFor();
    expect(await table.locator('thead th').allInnerTexts()).toEqual(['Member', 'Period', 'Total', 'Female', 'Male']);
    const number = (cell: string) => Number(cell.replace(/[^\d]/g, ''));
    for (const row of (await readTable(page)).filter((r) => r.member !== 'TOTAL')) {
      const [total, female, male] = row.cells.map(number);
      expect([row.member, female! + male!]).toEqual([row.member, total]);
    }
    await expect(page.locator('figure.chart svg').getAttribute('aria-labelledby')).resolves.toBe('chart-title chart-desc');
    await expect(page.locator('#chart-desc').textContent()).resolves.toMatch(/^Shares by Sex in 2024 for 12 members: Female, Male\./);
  });

  it('reproduces a cited vintage: as published on 31 December 2024, before the 2024 figures were out', async () => {
    await page.goto(`${permalink}&asOf=2024-12-31`);
    await page.getByText('as published on 2024-12-31').waitFor();
    await expect(page.getByLabel('As published on', { exact: true }).inputValue()).resolves.toBe('2024-12-31');
    // 2024: nothing published yet by any member, so no empty column: the page says so instead.
    await page.getByRole('heading', { level: 2, name: 'Work permits issued, 2015–2023' }).waitFor();
    await expect(page.getByText('No member of this report has figures for 2024: left out of the table.').count()).resolves.toBe(1);
    const shown = await readTable(page);
    expect(shown.map((r) => r.cells.length)).toEqual([...MEMBERS, 'TOTAL'].map(() => YEARS.length - 1));
    const now = await fromGraph();
    expect(shown.find((r) => r.member === 'KAZ')!.cells[0]).toBe(
      expectedCell(now.get('KAZ')!.values[0]!.value, now.get('KAZ')!.values[0]!.status),
    );
  });

  it('marks a revised figure r, with the value published before one click away; as published before, it is not revised', async () => {
    await page.goto(permalink);
    await page.getByRole('heading', { level: 2, name: 'Work permits issued, 2015–2024' }).waitFor();
    const graph = await fromGraph();
    const mda2023 = graph.get('MDA')!.values.find((v) => v.period === '2023')!;
    expect(mda2023).toMatchObject({ revised: true, previousValue: expect.any(Number) });
    const cell = page.locator('tbody[data-member="MDA"] td').nth(YEARS.indexOf('2023'));
    await expect(cell.innerText()).resolves.toBe(expectedCell(mda2023.value, mda2023.status, true));
    await cell.getByText('r', { exact: true }).click();
    await expect(cell.locator('.previous').innerText()).resolves.toBe(
      `previously ${new Intl.NumberFormat('en').format(mda2023.previousValue!)}`,
    );
    await expect(page.locator('.legend, #legend, body').first().innerText()).resolves.toContain('revised');
    await expectNoSeriousAxeViolations(page, 'an opened revision');

    // Between the provisional release (31 March 2024) and the revision (30 September 2024).
    await page.goto(`${permalink}&asOf=2024-06-30`);
    await page.getByText('as published on 2024-06-30').waitFor();
    const before = (await readTable(page)).find((r) => r.member === 'MDA')!.cells[YEARS.indexOf('2023')];
    expect(before).toBe(expectedCell(mda2023.previousValue!, 'P'));
  });

  it('says what is wrong, instead of a blank page, for a link it cannot build', async () => {
    const other = await context.newPage();
    await other.goto(`${reports}?indicator=WORK_PERMITS&from=2015`);
    await expect(other.getByRole('alert').innerText()).resolves.toContain('There is no indicator "WORK_PERMITS" in the catalog');
    await expectNoSeriousAxeViolations(other, 'a link it cannot build');
    await other.close();
  });

  it('never calls a census sum of a few members a regional total: each such period is withheld as partial', async () => {
    await page.goto(`${reports}?indicator=FOREIGN_BORN_POPULATION&from=2015&to=2024`);
    const res = await gql(
      stack.gatewayUrl,
      `{ indicator(code: "FOREIGN_BORN_POPULATION") { regionalTotalMinimumShare }
         countries { iso3 observations(indicator: "FOREIGN_BORN_POPULATION", from: "2015", to: "2024") { period value } } }`,
    );
    const required = Math.ceil(res.data.indicator.regionalTotalMinimumShare * MEMBERS.length - 1e-9);
    const withFigure = (year: string) =>
      (res.data.countries as { observations: { period: string; value: number | null }[] }[]).filter((c) =>
        c.observations.some((o) => o.period === year && o.value !== null),
      ).length;
    // Members enumerate in different years: at most a few have a census figure for any one year.
    expect(YEARS.some((y) => withFigure(y) > 0 && withFigure(y) < required)).toBe(true);
    // Years no member has anything for are left out (a census is sparse): the table shows the rest.
    const held = YEARS.filter((y) =>
      (res.data.countries as { observations: { period: string }[] }[]).some((c) => c.observations.some((o) => o.period === y)),
    );
    expect(held.length).toBeLessThan(YEARS.length);
    await page.getByRole('heading', { level: 2, name: `Foreign-born population, ${held[0]}–${held.at(-1)}` }).waitFor();
    const shown = await readTable(page);
    const total = shown.at(-1)!;
    expect(total.header).toBe('Regional total');
    expect(total.cells).toEqual(
      held.map((y) => (withFigure(y) === 0 ? ':' : withFigure(y) < required ? ': partial' : expect.stringMatching(/^\d/))),
    );
    await expect(page.locator('#totals-note').innerText()).resolves.toContain(
      `A regional total needs figures from at least ${required} of the region's 12 members`,
    );
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    const rows = parseCsv((await readFile((await csv.path())!, 'utf8')).slice(1));
    const totals = rows.filter((r) => r[0] === 'DSM');
    expect(totals.map((r) => [r[1], r[2], r[4] === 'partial'])).toEqual(
      held.map((y, i) => ['Regional total', y, total.cells[i] === ': partial']),
    );
    const [sdmx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download SDMX-CSV' }).click()]);
    // SDMX-CSV carries the members' own figures only: no aggregate row of any kind.
    const sdmxRows = parseCsv(await readFile((await sdmx.path())!, 'utf8'));
    expect(sdmxRows.slice(1).every((r) => MEMBERS.includes(r[1]!))).toBe(true);
  });

  it('calls the sum over chosen members a total of the selected members, and gives one member no total row', async () => {
    const chosen = ['ARM', 'GEO', 'KAZ'];
    await page.goto(`${permalink}&members=${chosen.join(',')}`);
    await page.getByRole('heading', { level: 2, name: 'Work permits issued, 2015–2024' }).waitFor();
    const shown = await readTable(page);
    expect(shown.map((r) => r.member)).toEqual([...chosen, 'TOTAL']);
    expect(shown.at(-1)!.header).toBe('Total of the selected members');
    expect(shown.at(-1)!.cells).toEqual(expectedTotals(await fromGraph(), chosen));
    await expect(page.locator('#totals-note').innerText()).resolves.toBe(
      "Total of the selected members (3 of the region's 12 members; not a regional total): total of 3 of 3 members in every period.",
    );
    await expect(page.getByText('Regional total', { exact: true }).count()).resolves.toBe(0);
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    const rows = parseCsv(await readFile((await csv.path())!, 'utf8'));
    expect(rows.at(-1)!.slice(0, 2)).toEqual(['DSM', 'Total of the selected members']);

    await page.goto(`${permalink}&members=KAZ`);
    await page.getByRole('heading', { level: 2, name: 'Work permits issued, 2015–2024' }).waitFor();
    expect((await readTable(page)).map((r) => r.member)).toEqual(['KAZ']);
    await expect(page.locator('#totals-note').count()).resolves.toBe(0);
    const [single] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    expect(new Set(parseCsv((await readFile((await single.path())!, 'utf8')).slice(1)).map((r) => r[0]))).toEqual(
      new Set(['Member code', 'KAZ']),
    );
  });

  it('still renders when a member is down, naming the missing member and counting it out of the totals', async () => {
    await stack.stopMember('MDA');
    await page.goto(permalink);
    await page.getByRole('heading', { level: 2, name: 'Work permits issued, 2015–2024' }).waitFor();
    await expect(page.locator('.missing-members').innerText()).resolves.toMatch(/^Not in this report: Moldova, Republic of \(MDA\)\./);
    const shown = await readTable(page);
    const mda = shown.find((r) => r.member === 'MDA')!;
    expect(mda.cells).toEqual([expect.stringMatching(/^: not available — Country MDA \(subgraph country_mda\) is unavailable/)]);
    const graph = await fromGraph();
    const others = MEMBERS.filter((m) => m !== 'MDA');
    expect(shown.filter((r) => others.includes(r.member))).toHaveLength(11);
    expect(shown.at(-1)!.cells).toEqual(expectedTotals(graph, others).map((c) => `${c}*`));
    await expect(page.locator('#totals-note').innerText()).resolves.toBe(
      'Regional totals add up the members with a figure (marked *): 2015–2024: total of 11 of 12 members (without Moldova, Republic of).',
    );
    await expectNoSeriousAxeViolations(page, 'a report with a member down');
    await page.screenshot({ path: join(screenshots, 'reports-member-down.png'), fullPage: true });
  });
});
