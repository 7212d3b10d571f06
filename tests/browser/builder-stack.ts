// The stack the report builder's browser tests share: three DSM members on PGlite with the demo's
// data, the gateway with /reports, and headless Chromium at 1280 × 900. `useBuilderStack()` starts
// it before a file's tests and stops it after them.
import { mkdir } from 'node:fs/promises';
import { seedDemo, startStack, type Stack } from '@migfed/demo';
import { loadRegion, type RegionDef } from '@migfed/schema';
import { migrate as migrateCountry } from '@migfed/subgraph-country';
import { createDb, type DbHandle, openPglite } from '@migfed/subgraph-kit';
import { migrate as migrateRegistry } from '@migfed/subgraph-registry';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { gql } from '../harness/graphql.js';
import { launchChromium, screenshotDir } from './chromium.js';

export const dsm = loadRegion('dsm');
export const MEMBERS = ['ARM', 'KAZ', 'KGZ'];
const region: RegionDef = { ...dsm, members: dsm.members.filter((m) => MEMBERS.includes(m.iso3)) };

export interface Figure {
  period: string;
  value: number | null;
  status: string;
  confidentiality: string;
  dimensions: { dimension: string; code: string }[];
}

export const codeOf = (f: Figure, dimension: string) => f.dimensions.find((d) => d.dimension === dimension)?.code ?? '_T';

export interface BuilderStack {
  stack: Stack;
  context: BrowserContext;
  page: Page;
  /** The report builder's URL (`…/reports/`). */
  reports: string;
  screenshots: string;
  /** Each member's figures straight from the graph: what the page must show. */
  figures(indicator: string, from: string, to: string, filter?: unknown): Promise<Map<string, Figure[]>>;
}

export function useBuilderStack(): BuilderStack {
  let handle: DbHandle | undefined;
  let browser: Browser | undefined;
  const env = { screenshots: screenshotDir() } as BuilderStack;
  env.figures = async (indicator, from, to, filter) => {
    const res = await gql(
      env.stack.gatewayUrl,
      `query($i: ID!, $from: String, $to: String, $filter: [DimensionFilter!]) { countries { iso3
        observations(indicator: $i, from: $from, to: $to, filter: $filter) { period value status confidentiality dimensions { dimension code } } } }`,
      { i: indicator, from, to, filter },
    );
    expect(res.errors).toBeUndefined();
    return new Map((res.data.countries as { iso3: string; observations: Figure[] }[]).map((c) => [c.iso3, c.observations]));
  };
  beforeAll(async () => {
    handle = createDb({ pglite: await openPglite() });
    await migrateRegistry(handle);
    await migrateCountry(handle);
    await seedDemo(handle.db, region);
    env.stack = await startStack({ region, db: handle.db });
    env.reports = env.stack.gatewayUrl.replace(/\/graphql$/, '/reports/');
    browser = await launchChromium();
    env.context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    env.page = await env.context.newPage();
    await mkdir(env.screenshots, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await env.stack?.stop();
    await handle?.close();
  });
  return env;
}
