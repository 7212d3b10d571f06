// The report builder's choices, in a real browser against the demo stack (three DSM members on
// PGlite): codes within a breakdown, periods that exist, months added up into years, form errors
// at their fields, the overview at 1280 px and the form on a phone. Each test compares what a
// person sees with what the graph returns, and runs axe-core on the states it visits.
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { gql } from '../harness/graphql.js';
import { expectNoSeriousAxeViolations } from './axe.js';
import { type BuilderStack, codeOf, MEMBERS, useBuilderStack } from './builder-stack.js';
import { expectedCell, readTable } from './report-page.js';

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

/** The id of the element that has the keyboard focus (a string: the tests have no DOM types). */
const focused = () => page.evaluate('document.activeElement?.id');

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
    await page.screenshot({ path: join(screenshots, 'reports-overview-calendar.png'), fullPage: true });
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
