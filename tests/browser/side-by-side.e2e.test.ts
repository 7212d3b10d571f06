// with a provider in the graph, a report of asylum applications shows the national
// figures next to UNHCR's for the same members and years, with the differences, and says when the
// UNHCR figures are the demo's generated ones.
import { readFile } from 'node:fs/promises';
import { seedDemo, seedDemoProviders, startStack, type Stack } from '@migfed/demo';
import { loadRegion, type RegionDef } from '@migfed/schema';
import { migrate as migrateCountry } from '@migfed/subgraph-country';
import { createDb, type DbHandle, openPglite } from '@migfed/subgraph-kit';
import { migrate as migrateProvider } from '@migfed/subgraph-provider';
import { migrate as migrateRegistry } from '@migfed/subgraph-registry';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../harness/csv.js';
import { gql } from '../harness/graphql.js';
import { expectNoSeriousAxeViolations } from './axe.js';
import { launchChromium } from './chromium.js';
import { buildReport } from './report-page.js';

const YEARS = [2020, 2021, 2022, 2023];
const numberFormat = new Intl.NumberFormat('en');
const shown = (v: number | null) => (v === null ? ':' : numberFormat.format(v));

describe('national and UNHCR asylum applications side by side', () => {
  let handle: DbHandle;
  let stack: Stack;
  let browser: Browser;
  const dsm = loadRegion('dsm');
  const region: RegionDef = { ...dsm, members: dsm.members.filter((m) => ['ARM', 'GEO', 'UKR'].includes(m.iso3)) };

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

  it('shows both sources per member and year, with the difference and the DEMO label', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(stack.gatewayUrl.replace(/\/graphql$/, '/reports/'));
    await buildReport(page, { indicator: 'Asylum applications', from: String(YEARS[0]), to: String(YEARS.at(-1)) });
    const section = page.locator('section.side-by-side');
    await section.getByRole('heading', { name: 'National figures and UNHCR side by side' }).waitFor({ timeout: 20_000 });
    await expect.poll(() => section.innerText()).toMatch(/DEMO — generated, not UNHCR data/);

    const aliases = YEARS.map((y) => `y${y}: asylumApplications(year: ${y})`).join(' ');
    const res = await gql(
      stack.gatewayUrl,
      `{ countries { iso3 name unhcr { ${aliases} }
      observations(indicator: "ASYLUM_APPLICATIONS", from: "${YEARS[0]}", to: "${YEARS.at(-1)}") { period value } } }`,
    );
    const rows = await section
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')));
    for (const [i, c] of (
      res.data.countries as { name: string; unhcr: Record<string, number | null>; observations: { period: string; value: number }[] }[]
    ).entries()) {
      const national = YEARS.map((y) => c.observations.find((o) => o.period === String(y))?.value ?? null);
      const unhcr = YEARS.map((y) => c.unhcr[`y${y}`] ?? null);
      expect(rows[i * 3], `${c.name}, national`).toEqual(national.map(shown));
      expect(rows[i * 3 + 1], `${c.name}, UNHCR`).toEqual(unhcr.map(shown));
      const difference = national.map((n, k) =>
        n === null || unhcr[k] === null ? ':' : `${n - unhcr[k]! > 0 ? '+' : ''}${numberFormat.format(n - unhcr[k]!)}`,
      );
      expect(rows[i * 3 + 2], `${c.name}, difference`).toEqual(difference);
    }
    // The comparison downloads as a plain table: one row per member and year, both sources as numbers.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      section.getByRole('button', { name: 'Download the comparison (CSV)' }).click(),
    ]);
    const text = await readFile((await download.path())!, 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const csv = parseCsv(text.slice(1));
    expect(csv[0]).toEqual(['Member code', 'Member', 'Year', 'National', 'UNHCR', 'Difference (national - UNHCR)']);
    const first = res.data.countries[0] as {
      iso3: string;
      unhcr: Record<string, number | null>;
      observations: { period: string; value: number }[];
    };
    const line = csv.find((r) => r[0] === first.iso3 && r[2] === String(YEARS[0]))!;
    expect(line[3]).toBe(String(first.observations.find((o) => o.period === String(YEARS[0]))?.value ?? ''));
    expect(line[4]).toBe(String(first.unhcr[`y${YEARS[0]}`] ?? ''));
    expect(csv.at(-1)![0]).toBe('Source');
    await expectNoSeriousAxeViolations(page, 'the side-by-side comparison');
    await page.close();
  });
});
