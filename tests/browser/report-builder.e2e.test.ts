// The report builder's choices, in a real browser against the demo stack (three DSM members on
// PGlite): codes within a breakdown, periods that exist, months added up into years, form errors
// at their fields. Each test compares what a person sees with what the graph returns.
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { seedDemo, startStack, type Stack } from '@migfed/demo';
import { loadRegion, type RegionDef } from '@migfed/schema';
import { migrate as migrateCountry } from '@migfed/subgraph-country';
import { createDb, type DbHandle, openPglite } from '@migfed/subgraph-kit';
import { migrate as migrateRegistry } from '@migfed/subgraph-registry';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../harness/csv.js';
import { gql } from '../harness/graphql.js';
import { expectNoSeriousAxeViolations } from './axe.js';
import { launchChromium, screenshotDir } from './chromium.js';
import { expectedCell, readTable } from './report-page.js';

const dsm = loadRegion('dsm');
const MEMBERS = ['ARM', 'KAZ', 'KGZ'];
const region: RegionDef = { ...dsm, members: dsm.members.filter((m) => MEMBERS.includes(m.iso3)) };
const screenshots = screenshotDir();

let handle: DbHandle;
let stack: Stack;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let reports: string;

interface Figure {
  period: string;
  value: number | null;
  status: string;
  confidentiality: string;
  dimensions: { dimension: string; code: string }[];
}

async function figures(indicator: string, from: string, to: string, filter?: unknown): Promise<Map<string, Figure[]>> {
  const res = await gql(
    stack.gatewayUrl,
    `query($i: ID!, $from: String, $to: String, $filter: [DimensionFilter!]) { countries { iso3
      observations(indicator: $i, from: $from, to: $to, filter: $filter) { period value status confidentiality dimensions { dimension code } } } }`,
    { i: indicator, from, to, filter },
  );
  expect(res.errors).toBeUndefined();
  return new Map((res.data.countries as { iso3: string; observations: Figure[] }[]).map((c) => [c.iso3, c.observations]));
}

/** The id of the element that has the keyboard focus (a string: the tests have no DOM types). */
const focused = () => page.evaluate('document.activeElement?.id');
const codeOf = (f: Figure, dimension: string) => f.dimensions.find((d) => d.dimension === dimension)?.code ?? '_T';

beforeAll(async () => {
  handle = createDb({ pglite: await openPglite() });
  await migrateRegistry(handle);
  await migrateCountry(handle);
  await seedDemo(handle.db, region);
  stack = await startStack({ region, db: handle.db });
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

describe('choosing what to see', () => {
  it('offers only the periods some member has published, and the chosen citizenships beside each total', async () => {
    await page.goto(reports);
    await page.getByLabel('Indicator', { exact: true }).selectOption({ label: 'Stock of foreign citizens' });
    const published = [...new Set([...(await figures('STOCK_FOREIGNERS', '1900', '2100')).values()].flat().map((f) => f.period))].sort();
    const from = page.getByLabel('From', { exact: true });
    await expect.poll(() => from.locator('option').allTextContents()).toEqual(published);
    await from.selectOption('2022');
    await page.getByLabel('To', { exact: true }).selectOption('2024');
    await page.getByLabel('Breakdown', { exact: true }).selectOption({ label: 'Country of citizenship' });

    const picker = page.getByRole('group', { name: 'Country of citizenship: codes to show' });
    await picker.getByRole('button', { name: 'None' }).click();
    const search = picker.getByLabel('Search country of citizenship');
    await search.fill('uzbek');
    // The search narrows the list: only Uzbekistan is left to tick.
    await expect
      .poll(() => picker.locator('.code-list label:visible').evaluateAll((ls) => ls.map((l) => l.textContent?.trim())))
      .toEqual(['Uzbekistan']);
    await picker.getByLabel('Uzbekistan', { exact: true }).check();
    await search.fill('RUS');
    await picker.getByLabel('Russian Federation', { exact: true }).check();
    await expect(picker.locator('.code-count').innerText()).resolves.toMatch(/^2 of \d+ chosen$/);
    await expectNoSeriousAxeViolations(page, 'the form with a code picker');
    await page.getByRole('button', { name: 'Show report' }).click();
    await page.getByRole('heading', { level: 2, name: 'Stock of foreign citizens, 2022–2024' }).waitFor();

    const permalink = new URL((await page.locator('#permalink').getAttribute('href'))!);
    expect(permalink.searchParams.get('CITIZENSHIP')).toBe('RUS,UZB');
    const graph = await figures('STOCK_FOREIGNERS', '2022', '2024', [{ dimension: 'CITIZENSHIP', codes: ['_T', 'RUS', 'UZB'] }]);
    const shown = await readTable(page);
    for (const iso3 of MEMBERS) {
      const rows = page.locator(`tbody[data-member="${iso3}"] tr`);
      const labels = await rows.evaluateAll((trs) =>
        trs.map((tr) => tr.querySelectorAll('th')[tr.querySelectorAll('th').length - 1]?.textContent?.trim()),
      );
      const own = graph.get(iso3)!;
      const codes = ['_T', 'RUS', 'UZB'].filter((c) => c === '_T' || own.some((f) => codeOf(f, 'CITIZENSHIP') === c));
      expect([iso3, labels]).toEqual([iso3, codes.map((c) => ({ _T: 'Total', RUS: 'Russian Federation', UZB: 'Uzbekistan' })[c])]);
      const cells = shown.filter((r) => r.member === iso3).flatMap((r) => r.cells);
      const expected = codes.flatMap((c) =>
        ['2022', '2023', '2024'].map((y) => {
          const f = own.find((x) => x.period === y && codeOf(x, 'CITIZENSHIP') === c);
          return expectedCell(f?.value ?? null, f?.status ?? 'A');
        }),
      );
      expect([iso3, cells]).toEqual([iso3, expected]);
    }
    await page.screenshot({ path: join(screenshots, 'reports-chosen-codes.png'), fullPage: true });
  });

  it('says what is missing when a chosen code or range has no figure at all', async () => {
    await page.goto(`${reports}?indicator=STOCK_FOREIGNERS&from=2022&to=2024&by=CITIZENSHIP&CITIZENSHIP=ATA`);
    await page.getByRole('heading', { level: 2, name: 'Stock of foreign citizens, 2022–2024' }).waitFor();
    await expect(page.getByText('No member of this report has figures by country of citizenship for Antarctica.').count()).resolves.toBe(1);
    await page.goto(`${reports}?indicator=STOCK_FOREIGNERS&from=1990&to=1995`);
    await expect(page.locator('.report .notice').first().innerText()).resolves.toBe(
      'Nothing to show: no member of this report has published stock of foreign citizens for 1990–1995. Choose other periods, members or codes.',
    );
    await expectNoSeriousAxeViolations(page, 'a report with nothing to show');
  });

  it('adds monthly border crossings up into years: sums of the published months, provisional where a month is', async () => {
    await page.goto(reports);
    await page.getByLabel('Indicator', { exact: true }).selectOption({ label: 'Border crossings' });
    await page.getByLabel('Periods shown as', { exact: true }).selectOption({ label: 'Years' });
    const from = page.getByLabel('From', { exact: true });
    await expect.poll(() => from.locator('option').allTextContents()).toContain('2022');
    expect((await from.locator('option').allTextContents()).every((p) => /^\d{4}$/.test(p))).toBe(true);
    await from.selectOption('2022');
    await page.getByLabel('To', { exact: true }).selectOption('2024');
    await page.getByRole('button', { name: 'Show report' }).click();
    await page.getByRole('heading', { level: 2, name: 'Border crossings, 2022–2024' }).waitFor();
    expect(new URL((await page.locator('#permalink').getAttribute('href'))!).searchParams.get('aggregate')).toBe('A');

    const months = await figures('BORDER_CROSSINGS', '2022-01', '2024-12');
    const shown = await readTable(page);
    for (const iso3 of MEMBERS) {
      const expected = ['2022', '2023', '2024'].map((year) => {
        const parts = months.get(iso3)!.filter((f) => f.period.startsWith(`${year}-`));
        expect(parts.every((p) => p.confidentiality === 'F' && p.value !== null)).toBe(true);
        const flags = [...new Set(parts.map((p) => expectedCell(0, p.status).slice(1)))].sort().join('');
        return `${expectedCell(
          parts.reduce((s, p) => s + p.value!, 0),
          'A',
        )}${flags}${parts.length < 12 ? '*' : ''}`;
      });
      expect([iso3, shown.find((r) => r.member === iso3)!.cells]).toEqual([iso3, expected]);
    }
    // The demo's latest year is provisional: its sum says so.
    expect(shown.find((r) => r.member === 'KAZ')!.cells.at(-1)).toMatch(/p/);
    await expectNoSeriousAxeViolations(page, 'a report of months added up into years');
  });
});

describe('form errors at their fields', () => {
  it('ties "no member chosen" and "no code chosen" to their controls and moves focus there', async () => {
    await page.goto(`${reports}?indicator=STOCK_FOREIGNERS&from=2022&to=2024&by=SEX`);
    await page.getByRole('heading', { level: 2, name: 'Stock of foreign citizens, 2022–2024' }).waitFor();
    await page.getByRole('group', { name: 'Members' }).getByRole('button', { name: 'None' }).click();
    await page.getByRole('button', { name: 'Show report' }).click();
    const first = page.getByLabel('Armenia', { exact: true });
    await expect(first.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.locator('#form-error').innerText()).resolves.toBe('Choose at least one member: none is chosen.');
    await expect(focused()).resolves.toBe('member-ARM');
    await expect(first.getAttribute('aria-describedby')).resolves.toContain('form-error');
    await expectNoSeriousAxeViolations(page, 'the form with an error');

    await page.getByRole('group', { name: 'Members' }).getByRole('button', { name: 'All' }).click();
    const picker = page.getByRole('group', { name: 'Sex: codes to show' });
    await picker.getByRole('button', { name: 'None' }).click();
    await page.getByRole('button', { name: 'Show report' }).click();
    const search = picker.getByLabel('Search sex');
    await expect(search.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(focused()).resolves.toBe('codes-SEX-search');
    await expect(first.getAttribute('aria-invalid')).resolves.toBeNull();
    await expect(page.locator('#form-error').innerText()).resolves.toMatch(/^Choose at least one code of sex/);
  });

  it('keeps the form usable when a link names an indicator the catalog does not have', async () => {
    await page.goto(`${reports}?indicator=WORK_PERMITS&from=2015`);
    const indicator = page.getByLabel('Indicator', { exact: true });
    await expect(page.getByRole('alert').innerText()).resolves.toBe(
      'There is no indicator "WORK_PERMITS" in the catalog; choose one from the list.',
    );
    await expect(indicator.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(focused()).resolves.toBe('indicator');
    // The overview is there, and the form builds a report from here.
    await page.getByRole('table', { name: /Latest period published by each member/ }).waitFor();
    await expectNoSeriousAxeViolations(page, 'an unknown indicator in the link');
    await indicator.selectOption({ label: 'Work permits issued' });
    await page.getByLabel('From', { exact: true }).selectOption('2020');
    await page.getByLabel('To', { exact: true }).selectOption('2021');
    await page.getByRole('button', { name: 'Show report' }).click();
    await page.getByRole('heading', { level: 2, name: 'Work permits issued, 2020–2021' }).waitFor();
    await expect(indicator.getAttribute('aria-invalid')).resolves.toBeNull();
  });
});

describe('exports that open cleanly in a spreadsheet', () => {
  const view = '?indicator=STOCK_FOREIGNERS&from=2022&to=2024&by=CITIZENSHIP&CITIZENSHIP=RUS,UZB';

  async function downloaded(name: string): Promise<{ file: string; path: string }> {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
    return { file: download.suggestedFilename(), path: (await download.path())! };
  }

  it('downloads a CSV with its notes and an XLSX; numbers are numbers, flags and source are there', async () => {
    await page.goto(`${reports}${view}`);
    await page.getByRole('heading', { level: 2, name: 'Stock of foreign citizens, 2022–2024' }).waitFor();
    const graph = await figures('STOCK_FOREIGNERS', '2022', '2024', [{ dimension: 'CITIZENSHIP', codes: ['_T', 'RUS', 'UZB'] }]);
    const kaz = (code: string, year: string) => graph.get('KAZ')!.find((f) => f.period === year && codeOf(f, 'CITIZENSHIP') === code)!;

    const csv = await downloaded('Download CSV');
    const text = await readFile(csv.path, 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const rows = parseCsv(text.slice(1));
    expect(rows[0]).toEqual([
      'Member code',
      'Member',
      'Country of citizenship code',
      'Country of citizenship',
      'Period',
      'Value',
      'Flags',
      'Previous value',
    ]);
    const kazUzb2024 = rows.find((r) => r[0] === 'KAZ' && r[2] === 'UZB' && r[4] === '2024')!;
    expect(kazUzb2024.slice(1, 7)).toEqual([
      'Kazakhstan',
      'UZB',
      'Uzbekistan',
      '2024',
      String(kaz('UZB', '2024').value),
      kaz('UZB', '2024').status.toLowerCase(),
    ]);
    expect(kazUzb2024[6]).toBe('p'); // the demo's latest year is provisional

    const sidecar = await downloaded('Notes for the CSV (.txt)');
    expect(sidecar.file).toBe(csv.file.replace(/\.csv$/, '.txt'));
    const notes = await readFile(sidecar.path, 'utf8');
    expect(notes).toMatch(/^Title: Stock of foreign citizens, 2022–2024\r\n/);
    expect(notes).toContain('Unit: persons');
    expect(notes).toMatch(/Source: National figures published by the members through migfed \(STOCK_FOREIGNERS\)/);
    expect(notes).toMatch(/As of: As published on \d{4}-\d{2}-\d{2} \(the latest releases\)/);
    expect(notes).toMatch(
      new RegExp(`Citation: ${dsm.secretariat.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\. Stock of foreign citizens, 2022–2024`),
    );

    const xlsx = await downloaded('Download Excel (XLSX)');
    expect(xlsx.file).toBe(csv.file.replace(/\.csv$/, '.xlsx'));
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(xlsx.path);
    expect(book.worksheets.map((w) => w.name)).toEqual(['Data', 'Notes']);
    const data = book.getWorksheet('Data')!;
    const sheetRows = data.getSheetValues().slice(1) as unknown[][];
    // exceljs rows are 1-based: drop the empty first cell.
    const values = sheetRows.map((r) => r.slice(1));
    expect(values[0]).toEqual(rows[0]);
    const cell = values.find((r) => r[0] === 'KAZ' && r[2] === 'UZB' && r[4] === '2024')!;
    expect(typeof cell[5]).toBe('number');
    expect(cell[5]).toBe(kaz('UZB', '2024').value);
    expect(cell[6]).toBe('p');
    expect(
      values
        .slice(1)
        .filter((r) => r[5] !== undefined && r[5] !== null)
        .every((r) => typeof r[5] === 'number'),
    ).toBe(true);
    const notesSheet = Object.fromEntries(
      (book.getWorksheet('Notes')!.getSheetValues().slice(1) as unknown[][]).map((r) => [r[1] as string, r[2] as string]),
    );
    expect(notesSheet.Source).toMatch(/STOCK_FOREIGNERS/);
    expect(notesSheet['As of']).toMatch(/^As published on \d{4}-\d{2}-\d{2}/);
    expect(notesSheet.Citation).toContain(dsm.secretariat);
    await expectNoSeriousAxeViolations(page, 'a report broken down by chosen citizenships');
  });

  it('links the same view as GraphQL for the explorer and as an SDMX REST query, both giving the same figures', async () => {
    await page.goto(`${reports}${view}`);
    await page.getByRole('heading', { level: 2, name: 'Stock of foreign citizens, 2022–2024' }).waitFor();
    await page.getByText('The GraphQL query that produced this report').click();
    await expectNoSeriousAxeViolations(page, 'the opened query block');
    const explorer = new URL((await page.locator('#explorer-link').getAttribute('href'))!);
    expect(explorer.pathname).toBe('/explorer/');
    const query = explorer.searchParams.get('query')!;
    const variables = JSON.parse(explorer.searchParams.get('variables')!) as Record<string, unknown>;
    await expect(page.locator('#query-text').innerText()).resolves.toBe(query);
    expect(JSON.parse(await page.locator('#query-variables').innerText())).toEqual(variables);
    // What the explorer would run: the same figures as the table.
    const ran = await gql(stack.gatewayUrl, query, variables);
    expect(ran.errors).toBeUndefined();
    const kazRan = (ran.data.countries as { iso3: string; observations: Figure[] }[]).find((c) => c.iso3 === 'KAZ')!.observations;
    const uzb2024 = kazRan.find((f) => f.period === '2024' && codeOf(f, 'CITIZENSHIP') === 'UZB')!;
    const shownCell = await page.locator('tbody[data-member="KAZ"] tr', { hasText: 'Uzbekistan' }).locator('td').last().innerText();
    expect(shownCell).toBe(expectedCell(uzb2024.value, uzb2024.status));
    // The explorer opens on it, the variables in their own pane.
    const tab = await context.newPage();
    await tab.goto(explorer.href);
    await tab.getByText('query Report(').first().waitFor({ timeout: 60_000 });
    await tab.close();

    const sdmx = new URL((await page.locator('#sdmx-link').getAttribute('href'))!);
    expect(sdmx.pathname).toBe('/sdmx/3.0/data/dataflow/MIGFED/DF_MIGRATION/~/*');
    const res = await fetch(sdmx);
    expect(res.status).toBe(200);
    const sdmxRows = parseCsv(await res.text());
    const header = sdmxRows[0]!;
    const at = (name: string) => header.indexOf(name);
    const kazUzb = sdmxRows.find(
      (r) => r[at('REF_AREA')] === 'KAZ' && r[at('CITIZENSHIP')] === 'UZB' && r[at('TIME_PERIOD')] === '2024' && r[at('SEX')] === '_T',
    )!;
    expect(Number(kazUzb[at('OBS_VALUE')])).toBe(uzb2024.value);
    expect(new Set(sdmxRows.slice(1).map((r) => r[at('CITIZENSHIP')]))).toEqual(new Set(['_T', 'RUS', 'UZB']));
  });
});

describe('the overview at 1280 px and the report on a phone', () => {
  it('shows the overview’s last columns at 1280 px, with each member’s next scheduled release', async () => {
    await page.goto(reports);
    const table = page.getByRole('table', { name: /Latest period published by each member/ });
    await table.waitFor();
    await expect(
      page.evaluate(`(() => { const s = document.querySelector('.overview .table-scroll'); return s.scrollWidth <= s.clientWidth; })()`),
    ).resolves.toBe(true);
    const last = (await table.locator('thead th').last().boundingBox())!;
    expect(last.x + last.width).toBeLessThanOrEqual(1280);
    const res = await gql(stack.gatewayUrl, '{ countries { iso3 nextRelease } }');
    const shown = await table
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-member'), r.querySelector('td.next-release')?.textContent]));
    expect(shown).toEqual(
      (res.data.countries as { iso3: string; nextRelease: string | null }[]).map((c) => [
        c.iso3,
        c.nextRelease ? c.nextRelease.slice(0, 10) : 'none scheduled',
      ]),
    );
    await expect(table.locator('thead th').nth(1).innerText()).resolves.toBe('Next release');
    await expectNoSeriousAxeViolations(page, 'the overview');
    await page.screenshot({ path: join(screenshots, 'reports-overview.png'), fullPage: true });
  });

  it('folds the form above a report on a phone, the report first on the screen', async () => {
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 375, height: 812 });
    await phone.goto(`${reports}?indicator=STOCK_FOREIGNERS&from=2022&to=2024&by=SEX`);
    const heading = phone.getByRole('heading', { level: 2, name: 'Stock of foreign citizens, 2022–2024' });
    await heading.waitFor();
    const toggle = phone.getByText('Build or change the report');
    await expect(phone.getByLabel('Indicator', { exact: true }).isVisible()).resolves.toBe(false);
    expect((await heading.boundingBox())!.y).toBeLessThan(812);
    expect(await phone.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await expectNoSeriousAxeViolations(phone, 'a report on a phone');
    await phone.screenshot({ path: join(screenshots, 'reports-phone-folded.png'), fullPage: false });
    await toggle.click();
    await expect(phone.getByLabel('Indicator', { exact: true }).isVisible()).resolves.toBe(true);
    await expect(phone.getByLabel('Indicator', { exact: true }).inputValue()).resolves.toBe('STOCK_FOREIGNERS');
    await phone.close();
  });
});

describe('charts that keep the question', () => {
  it('keeps a breakdown over time as small multiples, draws a sparse census as points, and exports with notes', async () => {
    await page.goto(`${reports}?indicator=STOCK_FOREIGNERS&from=2020&to=2024&by=SEX`);
    await page.getByRole('heading', { level: 2, name: 'Stock of foreign citizens, 2020–2024' }).waitFor();
    const chart = page.locator('figure.chart svg');
    // "Automatic" with a breakdown over time: a panel per member on a time axis, a line per sex.
    expect(await chart.locator('g[data-member]').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-member')))).toEqual(MEMBERS);
    const graph = await figures('STOCK_FOREIGNERS', '2020', '2024', [{ dimension: 'SEX', codes: ['F', 'M'] }]);
    for (const iso3 of MEMBERS) {
      const series = await chart
        .locator(`g[data-member="${iso3}"] path[data-series]`)
        .evaluateAll((ps) => ps.map((p) => p.getAttribute('data-series')));
      const held = ['F', 'M'].filter((c) => graph.get(iso3)!.some((f) => codeOf(f, 'SEX') === c));
      expect([iso3, series]).toEqual([iso3, held]);
    }
    await expect(page.locator('#chart-desc').textContent()).resolves.toMatch(
      /^Small multiples over time by Sex, one panel per member \(3\)/,
    );

    // Exported files carry the title, unit, source, date and a citation.
    const [svg] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Chart as SVG' }).click()]);
    const text = await readFile((await svg.path())!, 'utf8');
    for (const needed of [
      'Stock of foreign citizens, 2020–2024',
      'Unit: persons',
      'Source: National figures published by the members through migfed (STOCK_FOREIGNERS)',
      'As published on ',
      `Citation: ${dsm.secretariat}`,
    ])
      expect(text).toContain(needed);
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Chart as PNG' }).click()]);
    const bytes = await readFile((await png.path())!);
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    const box = (await chart.boundingBox())!;
    // Twice the chart's size, plus the title and the notes.
    expect(bytes.readUInt32BE(20)).toBeGreaterThan(2 * Number(await chart.getAttribute('height')));
    expect(box.width).toBeGreaterThan(0);

    // A census: members enumerate in different years; the years sit at their place in time and
    // a line never bridges years nobody published.
    await page.goto(`${reports}?indicator=FOREIGN_BORN_POPULATION&from=2000&to=2024&chart=lines`);
    await page.locator('figure.chart svg circle').first().waitFor();
    const points = (await page
      .locator('figure.chart svg circle')
      .evaluateAll((cs) => cs.map((c) => [c.textContent ?? '', Number(c.getAttribute('cx'))]))) as [string, number][];
    const byYear = new Map(points.map(([title, cx]) => [Number(/, (\d{4}): /.exec(title)![1]), cx]));
    const years = [...byYear.keys()].sort();
    expect(years.length).toBeGreaterThan(1);
    // Every year sits at its place on one time scale: pixels per year are the same between any two.
    const perYear = (a: number, b: number) => (byYear.get(b)! - byYear.get(a)!) / (b - a);
    for (let i = 1; i < years.length; i += 1) expect(perYear(years[i - 1]!, years[i]!)).toBeCloseTo(perYear(years[0]!, years.at(-1)!), 3);
    // No line crosses a stretch of years with no figure: a segment joins consecutive years only.
    const paths = await page.locator('figure.chart svg path[data-series]').evaluateAll((ps) => ps.map((p) => p.getAttribute('d') ?? ''));
    const step = perYear(years[0]!, years.at(-1)!);
    for (const d of paths) {
      const xs = [...d.matchAll(/([ML])([\d.]+),/g)].map((m) => [m[1], Number(m[2])] as const);
      xs.forEach(([op, x], i) => {
        if (op === 'L') expect(x - xs[i - 1]![1]).toBeLessThanOrEqual(step + 1);
      });
    }

    // Readable on a phone: the chart scales to the screen, the page does not scroll sideways.
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 375, height: 812 });
    await phone.goto(`${reports}?indicator=STOCK_FOREIGNERS&from=2020&to=2024&by=SEX`);
    await phone.locator('figure.chart svg g[data-member]').first().waitFor();
    expect((await phone.locator('figure.chart svg').boundingBox())!.width).toBeLessThanOrEqual(375);
    expect(await phone.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await expectNoSeriousAxeViolations(phone, 'small multiples on a phone');
    await phone.screenshot({ path: join(screenshots, 'reports-phone-chart.png'), fullPage: true });
    await phone.close();
  });
});
