// SDMX benchmark (`npm run bench:sdmx`): the same data asked for through the gateway's /sdmx (one
// federated operation run in-process, then written as SDMX-ML Generic or SDMX-CSV) and as the
// equivalent GraphQL query POSTed to /graphql, against the whole DSM region with the demo's
// generated figures on a real PostgreSQL. Requests alternate between the two so both see the same
// machine; the response cache is off so every request reaches the members. Prints JSON with the
// ratio SDMX / GraphQL per format (1.0 = as fast as GraphQL). Not part of `npm test`.
// Options (env): BENCH_REQUESTS (200 per variant), BENCH_CONCURRENCY (4).
import { mkdir, writeFile } from 'node:fs/promises';
import { seedDemo, startStack } from '@migfed/demo';
import { loadCatalog, loadRegion } from '@migfed/schema';
import { migrate as migrateCountry } from '@migfed/subgraph-country';
import { createDb } from '@migfed/subgraph-kit';
import { migrate as migrateRegistry } from '@migfed/subgraph-registry';
import { startPostgres } from '@migfed/tests/harness/postgres';
import { dsdVersions } from '../gateway/src/sdmx/versions.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const log = (line: string) => console.error(`bench: ${line}`);

// Work permits of every member, 2015–2024, by sex (every code held), citizenship total: one key
// position per dimension of the latest DSD (FREQ.REF_AREA.INDICATOR, then the catalog's dimensions
// in the DSD's order, which grows as the catalog does).
const DSD = dsdVersions([...loadCatalog().dimensions.keys()]).at(-1)!;
const KEY = ['A', '', 'WORK_PERMITS_ISSUED', ...DSD.dimensions.map((d) => (d === 'CITIZENSHIP' ? '_T' : ''))].join('.');
const GRAPHQL = JSON.stringify({
  query:
    'query Permits($from: String, $to: String, $f: [DimensionFilter!]) { countries { iso3 observations(indicator: "WORK_PERMITS_ISSUED", from: $from, to: $to, filter: $f) { period value status confidentiality release dimensions { dimension code } } } }',
  variables: { from: '2015', to: '2024', f: [{ dimension: 'SEX', allHeld: true }] },
});

interface Variant {
  id: string;
  request: () => Promise<number>;
}

async function timed(fn: () => Promise<Response>): Promise<number> {
  const start = performance.now();
  const res = await fn();
  const body = await res.text();
  if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${body.slice(0, 600)}`);
  return performance.now() - start;
}

async function measure(variants: Variant[]): Promise<Map<string, number[]>> {
  const times = new Map(variants.map((v) => [v.id, [] as number[]]));
  for (let round = 0; round < REQUESTS; round += CONCURRENCY) {
    for (const v of variants) {
      const batch = await Promise.all(Array.from({ length: Math.min(CONCURRENCY, REQUESTS - round) }, () => v.request()));
      times.get(v.id)!.push(...batch);
    }
  }
  return times;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

async function main() {
  const region = loadRegion('dsm');
  const pg = await startPostgres({ log: () => {} });
  const url = await pg.createDatabase('bench_sdmx');
  const handle = createDb({ url, max: 20 });
  await migrateRegistry(handle);
  await migrateCountry(handle);
  log('seeding the demo figures for the DSM region');
  await seedDemo(handle.db, { ...region, providers: [] });
  const stack = await startStack({ region: { ...region, providers: [] }, db: handle.db, protection: { rateLimit: false } });
  const origin = new URL(stack.gatewayUrl).origin;
  try {
    const sdmx = (format: string) => () =>
      timed(() => fetch(`${origin}/sdmx/2.1/data/DF_MIGRATION/${KEY}?startPeriod=2015&endPeriod=2024&format=${format}`));
    const graphql = () =>
      timed(() => fetch(stack.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: GRAPHQL }));
    const variants: Variant[] = [
      { id: 'graphql', request: graphql },
      { id: 'sdmx-generic', request: sdmx('genericdata') },
      { id: 'sdmx-csv', request: sdmx('csv') },
    ];
    log('warming up');
    for (const v of variants) for (let i = 0; i < 10; i++) await v.request();
    log(`measuring ${REQUESTS} requests per variant, ${CONCURRENCY} at a time`);
    const times = await measure(variants);
    const summary = Object.fromEntries(
      [...times].map(([id, t]) => {
        const sorted = [...t].sort((a, b) => a - b);
        const mean = t.reduce((a, b) => a + b, 0) / t.length;
        return [
          id,
          {
            requests: t.length,
            meanMs: +mean.toFixed(2),
            p50Ms: +percentile(sorted, 0.5).toFixed(2),
            p99Ms: +percentile(sorted, 0.99).toFixed(2),
          },
        ];
      }),
    );
    const base = summary.graphql!.meanMs;
    const ratios = Object.fromEntries(Object.entries(summary).map(([id, s]) => [id, +(s.meanMs / base).toFixed(3)]));
    const output = {
      bench: 'sdmx',
      baseline: 'graphql',
      members: region.members.length,
      concurrency: CONCURRENCY,
      summary,
      ratioToGraphql: ratios,
    };
    console.log(JSON.stringify(output, null, 2));
    await mkdir(new URL('./results/', import.meta.url), { recursive: true });
    await writeFile(new URL('./results/sdmx.json', import.meta.url), `${JSON.stringify(output, null, 2)}\n`);
  } finally {
    await stack.stop();
    await handle.close();
    await pg.stop();
  }
}

await main();
