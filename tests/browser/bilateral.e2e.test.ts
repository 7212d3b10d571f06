// /reports "Bilateral": the heat map of a mirror pair's matrix in Chromium against the real stack
// with the demo's figures (citizens registered abroad by the origins against foreign residents
// counted by the destinations, with the demo's UN DESA origin–destination table as the third
// opinion), its figures on focus, the drill-down, the CSV download, and a member that is down.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { seedDemo, seedDemoProviders, startStack, type Stack } from '@migfed/demo';
import { loadRegion, type RegionDef } from '@migfed/schema';
import { migrate as migrateCountry } from '@migfed/subgraph-country';
import { createDb, type DbHandle, openPglite } from '@migfed/subgraph-kit';
import { migrate as migrateProvider } from '@migfed/subgraph-provider';
import { migrate as migrateRegistry } from '@migfed/subgraph-registry';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql } from '../harness/graphql.js';
import { expectNoSeriousAxeViolations } from './axe.js';
import { launchChromium, screenshotDir } from './chromium.js';

const MEMBERS = ['KAZ', 'KGZ', 'RUS', 'UZB'];

/** What the origin reports (its citizens in `destination`) and what the destination reports, from GraphQL directly. */
async function bothSides(gatewayUrl: string, origin: string, destination: string, year: string) {
  const res = await gql(
    gatewayUrl,
    `query($o: ID!, $d: ID!, $y: String) {
      o: country(iso3: $o) { observations(indicator: "CITIZENS_ABROAD", from: $y, to: $y, filter: [{ dimension: "COUNTRY_OF_RESIDENCE", codes: [$d] }]) { value } }
      d: country(iso3: $d) { observations(indicator: "STOCK_FOREIGNERS", from: $y, to: $y, filter: [{ dimension: "CITIZENSHIP", codes: [$o] }]) { value } } }`,
    { o: origin, d: destination, y: year },
  );
  expect(res.errors).toBeUndefined();
  return { origin: res.data.o.observations[0]?.value as number, destination: res.data.d.observations[0]?.value as number };
}

describe('/reports bilateral view', () => {
  let handle: DbHandle;
  let stack: Stack;
  let browser: Browser;
  const dsm = loadRegion('dsm');
  const region: RegionDef = {
    ...dsm,
    members: dsm.members.filter((m) => MEMBERS.includes(m.iso3)),
    providers: (dsm.providers ?? []).filter((p) => p.id === 'undesa'),
  };

  beforeAll(async () => {
    handle = createDb({ pglite: await openPglite() });
    await migrateRegistry(handle);
    await migrateCountry(handle);
    await migrateProvider(handle);
    await seedDemo(handle.db, region);
    await seedDemoProviders(handle, region);
    stack = await startStack({ region, db: handle.db });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const reports = () => stack.gatewayUrl.replace(/\/graphql$/, '/reports/');

  it('shows the heat map of every ordered pair, the figures of a cell on focus, and a drill-down by keyboard', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    await page.goto(`${reports()}?view=bilateral&pair=CITIZENS_ABROAD&period=2023`);
    await page.locator('#bilateral-title').waitFor({ timeout: 30_000 });
    const cells = page.locator('td.heat');
    expect(await cells.count()).toBe(MEMBERS.length * (MEMBERS.length - 1));
    await expect.poll(() => page.locator('.bilateral-legend li').count()).toBe(8);

    const sides = await bothSides(stack.gatewayUrl, 'UZB', 'KAZ', '2023');
    expect(sides.origin).toBeGreaterThan(0);
    const cell = page.locator('td.heat[data-origin="UZB"][data-destination="KAZ"]');
    expect((await cell.innerText()).trim()).toBe(`×${(sides.destination / sides.origin).toFixed(2)}`);
    // Its colour is the legend's for its asymmetry class.
    const asymmetry = (sides.destination - sides.origin) / ((sides.destination + sides.origin) / 2);
    const colourClass = (await cell.getAttribute('class'))!.split(' ').find((c) => c.startsWith('heat-'))!;
    expect(colourClass).toBe(asymmetry > 1 ? 'heat-6' : asymmetry >= 0.5 ? 'heat-5' : asymmetry >= 0.15 ? 'heat-4' : 'heat-3');
    const background = (selector: string) =>
      page
        .locator(selector)
        .first()
        .evaluate(
          (el) =>
            (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(el).backgroundColor,
        );
    expect(await background(`td.heat[data-origin="UZB"][data-destination="KAZ"]`)).toBe(
      await background(`.bilateral-legend .swatch.${colourClass}`),
    );
    expect(await background(`.bilateral-legend .swatch.${colourClass}`)).not.toBe('rgb(255, 255, 255)');
    await cell.focus();
    const detail = await page.locator('#bilateral-detail').innerText();
    const n = new Intl.NumberFormat('en');
    expect(detail).toContain(`UZB reports: ${n.format(sides.origin)}`);
    expect(detail).toContain(`KAZ reports: ${n.format(sides.destination)}`);
    expect(detail).toContain(`difference ${sides.destination - sides.origin > 0 ? '+' : ''}${n.format(sides.destination - sides.origin)}`);
    expect(await cell.getAttribute('aria-label')).toBe(detail);
    expect(detail).toContain('UNDESA: : (UNDESA publishes no estimate for 2023 (its years: 1990, 1995, 2000, 2005, 2010, 2015, 2020))');

    const shots = screenshotDir();
    await page.screenshot({ path: join(shots, 'bilateral.png'), fullPage: true });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8').split('\r\n');
    expect(csv[0]).toMatch(/^PAIR,PERIOD,ORIGIN,DESTINATION,origin reports \(CITIZENS_ABROAD by COUNTRY_OF_RESIDENCE\)/);
    expect(csv.find((l) => l.startsWith('CITIZENS_ABROAD,2023,UZB,KAZ,'))).toContain(`,${sides.origin},`);
    // Both sides' series as published, fetched when the button is clicked.
    const [sdmx] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download SDMX-CSV (both sides)' }).click(),
    ]);
    const sdmxRows = readFileSync((await sdmx.path())!, 'utf8').split('\r\n');
    expect(sdmxRows[0]).toMatch(/^DATAFLOW,REF_AREA,INDICATOR,.*COUNTRY_OF_RESIDENCE.*,TIME_PERIOD,OBS_VALUE,OBS_STATUS,CONF_STATUS$/);
    expect(sdmxRows.some((l) => /,UZB,CITIZENS_ABROAD,/.test(l) && l.includes(',KAZ,') && l.includes(`,2023,${sides.origin},`))).toBe(true);

    await cell.press('Enter');
    await page.locator('#series-title').waitFor();
    expect(page.url()).toContain('origin=UZB&destination=KAZ');
    const series = await page
      .locator('.bilateral-series tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('th, td')].map((td) => td.textContent?.trim() ?? '')));
    expect(series.map((r) => r[0])).toEqual(Array.from({ length: 10 }, (_, i) => String(2014 + i)));
    const y2019 = await bothSides(stack.gatewayUrl, 'UZB', 'KAZ', '2019');
    expect(series.find((r) => r[0] === '2019')!.slice(1, 5)).toEqual([
      expect.stringMatching(new RegExp(`^${n.format(y2019.origin)}`)),
      '100 %',
      expect.stringMatching(new RegExp(`^${n.format(y2019.destination)}`)),
      '100 %',
    ]);
    // UN DESA's Uzbeks in Kazakhstan, in the years it estimates; the others say why there is none.
    const undesa = await gql(
      stack.gatewayUrl,
      `{ country(iso3: "KAZ") { undesa { migrantStockByOrigin(sex: "_T", origins: ["UZB"]) { year value } } } }`,
    );
    const estimates = new Map<number, number>(
      undesa.data.country.undesa.migrantStockByOrigin.map((r: { year: number; value: number }) => [r.year, r.value]),
    );
    expect(estimates.get(2020)).toBeGreaterThan(0);
    for (const row of series) expect(row[6], row[0]).toBe(estimates.has(Number(row[0])) ? n.format(estimates.get(Number(row[0]))!) : ':');
    expect(await page.locator('.bilateral-series tbody tr').nth(0).locator('td').nth(5).getAttribute('title')).toBe(
      'UNDESA publishes no estimate for 2014 (its years: 1990, 1995, 2000, 2005, 2010, 2015, 2020)',
    );
    // The permalink reopens the same drill-down.
    await page.goto(page.url());
    await page.locator('#series-title').waitFor({ timeout: 30_000 });
    await page.close();
  });

  it('marks the row and column of a member that is down, and names it', async () => {
    await stack.stopMember('KGZ');
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(`${reports()}?view=bilateral&pair=CITIZENS_ABROAD&period=2023`);
      await page.locator('#bilateral-title').waitFor({ timeout: 30_000 });
      await expect.poll(() => page.locator('.notice').innerText()).toMatch(/Not available: KGZ/);
      const down = page.locator('td.heat.unavailable');
      expect(await down.count()).toBe(2 * (MEMBERS.length - 1));
      for (const text of await down.allInnerTexts()) expect(text.trim()).toBe('n/a');
      expect(await page.locator('td.heat:not(.unavailable)').count()).toBe((MEMBERS.length - 1) * (MEMBERS.length - 2));
      await page.close();
    } finally {
      await stack.startMember('KGZ');
    }
  });

  it('speaks Russian and Spanish: the form, the caption, the legend and what a cell says', async () => {
    for (const [lang, words] of [
      [
        'ru',
        {
          pair: 'Зеркальная пара',
          caption: /^Отношение .*2023$/,
          legend: /намного меньше/,
          cell: /данные KAZ/,
          third: /UNDESA не публикует оценку за 2023/,
        },
      ],
      [
        'es',
        {
          pair: 'Par espejo',
          caption: /^Razón destino ÷ origen, 2023$/,
          legend: /muchos menos/,
          cell: /cifra de KAZ/,
          third: /UNDESA no publica estimación para 2023/,
        },
      ],
    ] as const) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(`${reports()}?view=bilateral&pair=CITIZENS_ABROAD&period=2023&lang=${lang}`);
      await page.locator('#bilateral-title').waitFor({ timeout: 30_000 });
      expect(await page.locator('label[for="bilateral-pair"]').innerText()).toBe(words.pair);
      expect((await page.locator('table.heatmap caption').innerText()).trim()).toMatch(words.caption);
      expect(await page.locator('.bilateral-legend li').first().innerText()).toMatch(words.legend);
      await page.locator('td.heat').first().focus();
      await expect.poll(() => page.locator('#bilateral-detail').innerText()).toMatch(words.cell);
      expect(await page.locator('#bilateral-detail').innerText()).toMatch(words.third);
      await expectNoSeriousAxeViolations(page, `bilateral (${lang})`);
      await page.close();
    }
  });
});
