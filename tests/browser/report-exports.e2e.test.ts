// The report builder's downloads and charts, in a real browser against the demo stack (three DSM
// members on PGlite): CSV with its notes, XLSX read back with exceljs, the GraphQL and SDMX links
// run for real, and charts that keep the breakdown and carry their notes when exported.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../harness/csv.js';
import { gql } from '../harness/graphql.js';
import { expectNoSeriousAxeViolations } from './axe.js';
import { type BuilderStack, codeOf, dsm, type Figure, MEMBERS, useBuilderStack } from './builder-stack.js';
import { expectedCell } from './report-page.js';

const env = useBuilderStack();
const { figures } = env;
let page: Page;
let context: BrowserContext;
let reports: string;
let screenshots: string;
let stack: BuilderStack['stack'];
beforeAll(() => {
  ({ page, context, reports, screenshots, stack } = env);
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
