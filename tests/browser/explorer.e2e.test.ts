// /explorer loads with no request leaving the machine, and its first example
// runs against the real graph.
import { join } from 'node:path';
import { startStack, type Stack } from '@migfed/demo';
import { loadRegion, type RegionDef } from '@migfed/schema';
import { seedCountry } from '@migfed/subgraph-country';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workPermits } from '../fixtures/observations.js';
import { type MigratedDatabase, migratedDatabase } from '../harness/databases.js';
import { launchChromium, screenshotDir } from './chromium.js';

const screenshots = screenshotDir();

describe('explorer', () => {
  let db: MigratedDatabase;
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    db = await migratedDatabase('e2e_explorer');
    const dsm = loadRegion('dsm');
    const region: RegionDef = { ...dsm, providers: [], members: dsm.members.filter((m) => ['ARM', 'MDA'].includes(m.iso3)) };
    for (const m of region.members) await seedCountry(db.handle.db, m.iso3, workPermits(1000, [2019, 2020, 2021, 2022, 2023]));
    stack = await startStack({ region, db: db.handle.db });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await db?.close();
  });

  it('loads everything from the gateway and runs the first example', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const hosts = new Set<string>();
    // The gateway's content security policy must not block anything the explorer needs.
    const blocked: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) blocked.push(message.text());
    });
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.protocol.startsWith('http')) hosts.add(url.host);
    });
    // What the first load costs on the wire (bodies as transferred, i.e. compressed, plus headers).
    const transfers: Promise<number>[] = [];
    page.on('requestfinished', (request) => {
      transfers.push(request.sizes().then((s) => s.responseBodySize + s.responseHeadersSize));
    });
    const explorer = stack.gatewayUrl.replace(/\/graphql$/, '/explorer/');
    await page.goto(explorer, { waitUntil: 'load' });
    await page.locator('.graphiql-execute-button').first().waitFor({ timeout: 20_000 });
    await page.waitForLoadState('networkidle');
    const firstLoad = (await Promise.all(transfers)).reduce((a, b) => a + b, 0);
    expect(firstLoad).toBeGreaterThan(500_000); // the editor is really there…
    expect(firstLoad).toBeLessThan(2_000_000); // …and compressed: under 2 MB transferred
    await page.locator('.graphiql-execute-button').first().click();
    await expect.poll(async () => page.locator('.graphiql-response').innerText(), { timeout: 20_000 }).toContain('"countries"');
    const shown = await page.locator('.graphiql-response').innerText();
    expect(shown).toContain('"ARM"'); // the editor renders only the lines in view
    expect(shown).not.toContain('"errors"');
    expect([...hosts]).toEqual([new URL(explorer).host]);
    expect(blocked).toEqual([]);
    await page.screenshot({ path: join(screenshots, 'explorer.png') });
    await page.close();
  });
});
