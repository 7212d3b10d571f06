// Scale figures (`npm run bench:scale`): what grows with the region. Composition time and
// the cold query plan of the report at 12, 50 and 200 members (regions synthesised from the
// catalog's ISO3 codes); SQL statements per report through the gateway, with 5 and with 10 years
// of data (they must not grow with rows); and the demo's resident memory. Writes
// bench/results/scale.json. BENCH_SCALE_MEMBERS=12,50,200 and BENCH_SCALE_DEMO=0 shorten it.
import { mkdir, writeFile } from 'node:fs/promises';
import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { QueryPlanner } from '@apollo/query-planner';
import { startStack } from '@migfed/demo';
import { composeSupergraph, loadCatalog, loadRegion, regionSubgraphs, type RegionDef } from '@migfed/schema';
import { migrate as migrateCountry, seedCountry, type SeedData } from '@migfed/subgraph-country';
import { createDb } from '@migfed/subgraph-kit';
import { migrate as migrateRegistry } from '@migfed/subgraph-registry';
import { startPostgres } from '@migfed/tests/harness/postgres';
import { parse } from 'graphql';
import { reportQuery } from '../gateway/reports/app/queries.js';
import { demoMemory } from './scale/demo-memory.js';

const REPORT = reportQuery(false);
const log = (line: string) => console.error(`bench:scale: ${line}`);

/** A region of `n` members: the DSM file's own, then other ISO3 codes of the catalog. */
function regionOf(n: number): RegionDef {
  const dsm = loadRegion('dsm');
  const taken = new Set(dsm.members.map((m) => m.iso3));
  const more = loadCatalog()
    .territories.map((t) => t.iso3)
    .filter((c) => /^[A-Z]{3}$/.test(c) && !taken.has(c));
  const iso3s = [...dsm.members.map((m) => m.iso3), ...more].slice(0, n);
  if (iso3s.length < n) throw new Error(`the catalog has only ${iso3s.length} territories`);
  const members = iso3s.map((iso3, i) => ({
    iso3,
    agency: 'Migration service',
    url: `http://localhost:${5000 + i}/graphql`,
    focalPoints: [],
  }));
  return { ...dsm, id: `synthetic-${n}`, members };
}

function compositionAndPlan(n: number) {
  const region = regionOf(n);
  let started = performance.now();
  const composed = composeSupergraph(regionSubgraphs(region), { crossCheck: false });
  const composeMs = performance.now() - started;
  if (composed.errors) throw new Error(composed.errors.join('\n'));
  started = performance.now();
  const supergraph = Supergraph.build(composed.supergraphSdl);
  const planner = new QueryPlanner(supergraph);
  const buildMs = performance.now() - started;
  started = performance.now();
  planner.buildQueryPlan(operationFromDocument(supergraph.apiSchema(), parse(REPORT), { operationName: 'Report' }));
  const coldPlanMs = performance.now() - started;
  return {
    members: n,
    providers: region.providers?.length ?? 0,
    composeMs: Math.round(composeMs),
    plannerBuildMs: Math.round(buildMs),
    coldPlanMs: Math.round(coldPlanMs),
  };
}

/** Work-permit totals with a sex breakdown, for `years` years: the report reads every row of it. */
function permits(years: number): SeedData {
  const observations = Array.from({ length: years }, (_, i) => 2024 - years + 1 + i).flatMap((year) =>
    ['_T', 'F', 'M'].map((SEX) => ({
      indicator: 'WORK_PERMITS_ISSUED',
      period: String(year),
      dimensions: { SEX, CITIZENSHIP: '_T' },
      value: 100,
      status: 'A',
      confidentiality: 'F',
      release: `${year} annual`,
    })),
  );
  return { observations, metadata: [], documents: [] };
}

async function statementsPerReport(pg: Awaited<ReturnType<typeof startPostgres>>, years: number) {
  const region = { ...loadRegion('dsm'), providers: [] };
  const statements: string[] = [];
  const handle = createDb({ url: await pg.createDatabase(`bench_scale_${years}`), onQuery: (q) => statements.push(q) });
  await migrateRegistry(handle);
  await migrateCountry(handle);
  for (const m of region.members) await seedCountry(handle.db, m.iso3, permits(years));
  const stack = await startStack({ region, db: handle.db, protection: { rateLimit: false } });
  try {
    const ask = () =>
      fetch(stack.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: REPORT, variables: { indicator: 'WORK_PERMITS_ISSUED', from: '2000', to: '2024' } }),
      });
    await ask(); // the registry's first answer may warm caches of its own
    statements.length = 0;
    const res = (await (await ask()).json()) as { data: { countries: { observations: unknown[] }[] } };
    const rows = res.data.countries.reduce((n, c) => n + c.observations.length, 0);
    return {
      years,
      members: region.members.length,
      rowsReturned: rows,
      statements: statements.length,
      perMember: statements.length / region.members.length,
    };
  } finally {
    await stack.stop();
    await handle.close();
  }
}

async function main(): Promise<void> {
  const sizes = (process.env.BENCH_SCALE_MEMBERS ?? '12,50,200').split(',').map(Number);
  // A first composition and plan pays for loading and JIT-compiling the libraries: not a cost of N.
  compositionAndPlan(12);
  const planning = [];
  for (const n of sizes) {
    log(`composing and planning at ${n} members …`);
    planning.push(compositionAndPlan(n));
  }
  const pg = await startPostgres({ log });
  const sql = [];
  try {
    for (const years of [5, 10]) sql.push(await statementsPerReport(pg, years));
  } finally {
    await pg.stop();
  }
  const demo = process.env.BENCH_SCALE_DEMO === '0' ? null : await demoMemory(log);
  const output = { benchmark: 'scale', date: new Date().toISOString(), planning, sqlPerReport: sql, demo };
  console.table(planning);
  console.table(sql);
  if (demo)
    console.log(
      `demo (registry + ${demo.members} members + providers + gateway, PGlite): ${demo.rssMiB} MiB resident when ready, peak ${demo.peakMiB} MiB, ready in ${demo.readyS} s`,
    );
  await mkdir(new URL('./results/', import.meta.url), { recursive: true });
  await writeFile(new URL('./results/scale.json', import.meta.url), `${JSON.stringify(output, null, 2)}\n`);
  console.log('written: bench/results/scale.json');
}

main().catch((err: unknown) => {
  console.error(`bench:scale: ${(err as Error).stack ?? String(err)}`);
  process.exit(1);
});
