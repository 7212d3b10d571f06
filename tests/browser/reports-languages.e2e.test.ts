// The report builder in Russian and Spanish, as a secretariat officer of DSM or SIEMMES opens it:
// chosen by the browser's language, switched in the header, kept in the link and in the browser;
// catalog and territory names from the graph in that language, numbers written its way.
// Screenshots go to a temporary folder; UPDATE_SCREENSHOTS=1 refreshes docs/screenshots/.
import { join } from 'node:path';
import { seedDemo, startStack, type Stack } from '@migfed/demo';
import { loadRegion, type RegionDef } from '@migfed/schema';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MigratedDatabase, migratedDatabase } from '../harness/databases.js';
import { gql } from '../harness/graphql.js';
import { launchChromium, screenshotDir } from './chromium.js';
import { readTable } from './report-page.js';

const screenshots = screenshotDir();
const dsm = loadRegion('dsm');
const region: RegionDef = { ...dsm, providers: [], members: dsm.members.filter((m) => ['ARM', 'KAZ', 'UZB'].includes(m.iso3)) };
const LINK = '?indicator=STOCK_FOREIGNERS&from=2020&to=2024';

let db: MigratedDatabase;
let stack: Stack;
let browser: Browser;
let reports: string;

/** Kazakhstan's stock of foreigners in 2024, straight from the graph. */
async function kaz2024(): Promise<number> {
  const res = await gql(
    stack.gatewayUrl,
    '{ country(iso3: "KAZ") { observations(indicator: "STOCK_FOREIGNERS", from: "2024", to: "2024") { value } } }',
  );
  return res.data.country.observations[0].value;
}

async function openIn(locale: string, url: string): Promise<Page> {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

beforeAll(async () => {
  db = await migratedDatabase('e2e_reports_languages');
  await seedDemo(db.handle.db, region);
  stack = await startStack({ region, db: db.handle.db });
  reports = stack.gatewayUrl.replace(/\/graphql$/, '/reports/');
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  await db?.close();
});

describe('/reports in the network’s languages', () => {
  it('opens in Russian for a Russian browser: interface, catalog, territories and numbers', async () => {
    const page = await openIn('ru-RU', `${reports}${LINK}`);
    await page.getByRole('heading', { level: 2, name: 'Численность иностранных граждан, 2020–2024' }).waitFor();
    await expect(page.evaluate('document.documentElement.lang')).resolves.toBe('ru');
    for (const label of ['Показатель', 'С', 'По', 'Разбивка', 'Столбцы', 'Диаграмма', 'Армения', 'Язык']) {
      await expect(page.getByLabel(label, { exact: true }).count()).resolves.toBe(1);
    }
    await expect(page.getByRole('button', { name: 'Показать отчёт' }).count()).resolves.toBe(1);
    // The translations are not yet reviewed by the network, and the page says so.
    await expect(page.locator('p.notice.unreviewed').innerText()).resolves.toMatch(
      /ещё не проверены сетью; код показателя STOCK_FOREIGNERS/,
    );
    // Territory names from the graph, in Russian; the 2024 figure written the Russian way (1 234 567).
    const rows = await readTable(page);
    expect(rows.map((r) => r.header.split(/\s+[A-Z]{3}\b/)[0])).toEqual(expect.arrayContaining(['Армения', 'Казахстан', 'Узбекистан']));
    const kaz = rows.find((r) => r.member === 'KAZ')!;
    expect(kaz.cells.at(-1)).toMatch(new RegExp(`^${new Intl.NumberFormat('ru').format(await kaz2024())}`));
    expect(kaz.cells.at(-1)).toMatch(/\u00a0/); // grouped with non-breaking spaces, not commas
    expect(rows.at(-1)!.header).toBe('Региональный итог');
    await expect(page.locator('section.legend').innerText()).resolves.toMatch(/Отметки[\s\S]*предварительное/);
    // The link keeps the language.
    const permalink = await page.locator('#permalink').getAttribute('href');
    expect(new URL(permalink!).searchParams.get('lang')).toBe('ru');
    await page.screenshot({ path: join(screenshots, 'reports-ru.png'), fullPage: true });
    await page.context().close();
  });

  it('switches to Spanish in the header, and the browser remembers it', async () => {
    const page = await openIn('en-US', `${reports}${LINK}`);
    await page.getByRole('heading', { level: 2, name: 'Stock of foreign citizens, 2020–2024' }).waitFor();
    await expect(page.locator('p.notice.unreviewed').count()).resolves.toBe(0); // English is the original
    await Promise.all([page.waitForURL(/lang=es/), page.getByLabel('Language', { exact: true }).selectOption('es')]);
    await page.getByRole('heading', { level: 2, name: 'Población de ciudadanos extranjeros, 2020–2024' }).waitFor();
    await expect(page.getByRole('button', { name: 'Mostrar informe' }).count()).resolves.toBe(1);
    const rows = await readTable(page);
    expect(rows.map((r) => r.header.split(/\s+[A-Z]{3}\b/)[0])).toEqual(expect.arrayContaining(['Armenia', 'Kazajistán', 'Uzbekistán']));
    const kaz = rows.find((r) => r.member === 'KAZ')!;
    expect(kaz.cells.at(-1)).toMatch(new RegExp(`^${new Intl.NumberFormat('es').format(await kaz2024()).replace(/\./g, '\\.')}`));
    await page.screenshot({ path: join(screenshots, 'reports-es.png'), fullPage: true });
    // The start page in the same browser, without lang= in its address: still Spanish.
    await page.goto(reports);
    await page.getByRole('heading', { level: 2, name: 'Construir un informe' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Quién ha publicado qué' }).waitFor();
    await expect(page.evaluate('document.documentElement.lang')).resolves.toBe('es');
    await page.context().close();
  });
});
