// Wire benchmark (`npm run bench:wire`): what a first visit costs on the network, with the gateway's
// compression off (the baseline) and on, in the same run against the same subgraphs: bytes
// transferred for the explorer's first load (until its editor is ready and the network is idle)
// and for /reports opened on a permalink, and the time until the report's table shows, in Chromium
// with a fresh cache each time over an emulated link (BENCH_MBPS, 10 Mbit/s; BENCH_RTT_MS, 40 ms).
// The DSM region with the demo's generated figures on a real PostgreSQL; response cache off.
// Prints JSON with the ratio on / off per figure; writes bench/results/wire.json. Not part of `npm test`.
// Options (env): BENCH_RUNS (3 per variant).
import { mkdir, writeFile } from 'node:fs/promises';
import { seedDemo, startStack } from '@migfed/demo';
import { type RunningGateway, startGateway } from '@migfed/gateway';
import { loadRegion } from '@migfed/schema';
import { migrate as migrateCountry } from '@migfed/subgraph-country';
import { createDb } from '@migfed/subgraph-kit';
import { migrate as migrateRegistry } from '@migfed/subgraph-registry';
import { startPostgres } from '@migfed/tests/harness/postgres';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../tests/browser/chromium.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const MBPS = Number(process.env.BENCH_MBPS ?? 10);
const RTT_MS = Number(process.env.BENCH_RTT_MS ?? 40);
const PERMALINK = '/reports/?indicator=WORK_PERMITS_ISSUED&from=2015&to=2024';
const log = (line: string) => console.error(`bench: ${line}`);

interface Visit {
  bytes: number;
  requests: number;
  ms: number;
}

/** Opens a page in a fresh context over the emulated link; counts what crosses the wire until `ready`. */
async function visit(browser: Browser, url: string, ready: (page: Page) => Promise<void>): Promise<Visit> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: RTT_MS,
    downloadThroughput: (MBPS * 1_000_000) / 8,
    uploadThroughput: (MBPS * 1_000_000) / 8,
  });
  // Bytes as received (compressed bodies and headers), from the browser's own network log.
  let bytes = 0;
  let requests = 0;
  cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => {
    bytes += e.encodedDataLength;
    requests++;
  });
  const started = performance.now();
  await page.goto(url);
  await ready(page);
  const ms = performance.now() - started;
  await page.waitForLoadState('networkidle');
  await context.close();
  return { bytes, requests, ms: Math.round(ms) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const region = { ...loadRegion('dsm'), providers: [] };
  const pg = await startPostgres({ log: () => {} });
  const handle = createDb({ url: await pg.createDatabase('bench_wire'), max: 20 });
  await migrateRegistry(handle);
  await migrateCountry(handle);
  log('seeding the demo figures for the DSM region');
  await seedDemo(handle.db, region);
  const stack = await startStack({ region, db: handle.db, protection: { rateLimit: false } });
  // The baseline: a second gateway over the same subgraphs and the same builds, compression off.
  const plain: RunningGateway = await startGateway({
    supergraphSdl: stack.supergraphSdl,
    port: 0,
    rateLimit: false,
    compression: false,
    log: { info: () => {}, warn: log, error: log },
  });
  const variants = { off: plain.url, on: new URL(stack.gatewayUrl).origin };
  const browser = await launchChromium();
  try {
    const explorerReady = (page: Page) => page.locator('.graphiql-execute-button').first().waitFor({ timeout: 120_000 });
    const reportReady = (page: Page) => page.locator('table.report-table').first().waitFor({ timeout: 120_000 });
    log('warming up (builds, query plans)');
    for (const origin of Object.values(variants)) {
      await visit(browser, `${origin}/explorer/`, explorerReady);
      await visit(browser, `${origin}${PERMALINK}`, reportReady);
    }
    const results: Record<string, { explorer: Visit[]; reports: Visit[] }> = {
      off: { explorer: [], reports: [] },
      on: { explorer: [], reports: [] },
    };
    log(`measuring ${RUNS} first visits per variant over ${MBPS} Mbit/s, ${RTT_MS} ms`);
    for (let run = 0; run < RUNS; run++) {
      for (const [id, origin] of Object.entries(variants)) {
        results[id]!.explorer.push(await visit(browser, `${origin}/explorer/`, explorerReady));
        results[id]!.reports.push(await visit(browser, `${origin}${PERMALINK}`, reportReady));
      }
    }
    const summary = (v: Visit[]) => ({
      bytes: median(v.map((x) => x.bytes)),
      requests: median(v.map((x) => x.requests)),
      ms: median(v.map((x) => x.ms)),
    });
    const off = { explorer: summary(results.off!.explorer), reports: summary(results.off!.reports) };
    const on = { explorer: summary(results.on!.explorer), reports: summary(results.on!.reports) };
    const ratio = (a: number, b: number) => Math.round((a / b) * 1000) / 1000;
    const result = {
      benchmark: 'wire',
      link: { mbps: MBPS, rttMs: RTT_MS },
      runs: RUNS,
      baseline: { compression: 'off', explorerFirstLoad: off.explorer, reportsFirstReport: off.reports },
      compressed: { compression: 'on', explorerFirstLoad: on.explorer, reportsFirstReport: on.reports },
      ratio: {
        explorerBytes: ratio(on.explorer.bytes, off.explorer.bytes),
        explorerMs: ratio(on.explorer.ms, off.explorer.ms),
        reportsBytes: ratio(on.reports.bytes, off.reports.bytes),
        reportsTimeToFirstReport: ratio(on.reports.ms, off.reports.ms),
      },
    };
    console.log(JSON.stringify(result, null, 2));
    await mkdir(new URL('./results/', import.meta.url), { recursive: true });
    await writeFile(new URL('./results/wire.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await browser.close();
    await plain.stop();
    await stack.stop();
    await handle.close();
    await pg.stop();
  }
}

await main();
