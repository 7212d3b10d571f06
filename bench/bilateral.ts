// Bilateral benchmark (`npm run bench:bilateral`): the origin–destination matrix of the whole DSM
// region, annual over ten years (2015–2024, one federated query, then the ten matrices built as
// the /reports page builds them), against the ordinary regional report of one indicator over the
// same years (every member's totals: the report builder's own query and variables, see
// gateway/reports/app/load.ts), through the same gateway on a real PostgreSQL with the demo's
// figures (long-term migration derived from the demo's records). The response cache is off, so
// every request reaches the members. Requests alternate between the variants so both see the same
// machine. Prints JSON with the ratio matrix / report per pair (target ≤ 2), and the ratio against a
// bare query of the same totals (four fields, no notes: lighter than any page sends) for the margin.
// Not part of `npm test`. Options (env): BENCH_REQUESTS (60 per variant), BENCH_CONCURRENCY (2).
import { mkdir, writeFile } from 'node:fs/promises';
import { seedDemo, startStack } from '@migfed/demo';
import { loadRegion } from '@migfed/schema';
import { migrate as migrateCountry } from '@migfed/subgraph-country';
import { createDb } from '@migfed/subgraph-kit';
import { migrate as migrateRegistry } from '@migfed/subgraph-registry';
import { startPostgres } from '@migfed/tests/harness/postgres';
import {
  buildMatrix,
  type MatrixAnswer,
  MIRROR_PAIRS_QUERY,
  type MirrorPairDef,
  matrixQuery,
  matrixVariables,
  pairInGraph,
} from '../gateway/reports/app/bilateral-matrix.js';
import { reportQuery } from '../gateway/reports/app/queries.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 60);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 2);
const YEARS = Array.from({ length: 10 }, (_, i) => String(2015 + i));
const log = (line: string) => console.error(`bench: ${line}`);

/** The bare totals: four fields a figure, no notes, no dimensions (no page asks this little). */
const BARE =
  'query Report($indicator: ID!, $members: [ID!], $from: String, $to: String) { countries(iso3: $members) { iso3 name observations(indicator: $indicator, from: $from, to: $to) { period value status confidentiality } } }';

async function post(url: string, query: string, variables: Record<string, unknown>): Promise<MatrixAnswer> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as MatrixAnswer;
  if (res.status !== 200 || body.errors?.length)
    throw new Error(`HTTP ${res.status}: ${JSON.stringify(body.errors ?? body).slice(0, 300)}`);
  return body;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

function stats(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  return {
    requests: times.length,
    meanMs: +mean.toFixed(2),
    p50Ms: +percentile(sorted, 0.5).toFixed(2),
    p99Ms: +percentile(sorted, 0.99).toFixed(2),
  };
}

async function main() {
  const dsm = loadRegion('dsm');
  const region = { ...dsm, providers: [] };
  const members = region.members.map((m) => m.iso3);
  const pg = await startPostgres({ log: () => {} });
  const url = await pg.createDatabase('bench_bilateral');
  const handle = createDb({ url, max: 20 });
  await migrateRegistry(handle);
  await migrateCountry(handle);
  log('seeding the demo figures and records for the DSM region');
  await seedDemo(handle.db, region, log, { records: handle });
  // A shared machine can be slow enough for the default 5 s member timeout to cut a ten-year matrix;
  // the benchmark measures time, so it waits.
  const stack = await startStack({ region, db: handle.db, protection: { rateLimit: false }, subgraphTimeoutMs: 60_000 });
  try {
    const listed = (await post(stack.gatewayUrl, MIRROR_PAIRS_QUERY, {})).data as unknown as {
      mirrorPairs: MirrorPairDef[];
      countryType: { fields: { name: string }[] } | null;
    };
    // As /reports does: no third opinion where the graph has no provider field for it (none here).
    const pairs = listed.mirrorPairs.map((p) => pairInGraph(p, listed.countryType));
    const results: Record<string, unknown> = {};
    for (const pair of pairs.filter((p) => p.origin)) {
      const matrix = async () => {
        // As /reports asks: each member sums its months into the years shown.
        const answer = await post(stack.gatewayUrl, matrixQuery(pair), matrixVariables(pair, YEARS[0]!, members, YEARS.at(-1), true));
        const built = YEARS.map((y) => buildMatrix(pair, y, answer));
        if (built.some((m) => m.cells.length !== members.length * (members.length - 1))) throw new Error('a matrix lost cells');
        return built;
      };
      // The same figures asked as one alias per partner, without the dimension list: how much of
      // the matrix's time is the size of its answer (BENCH_ALIASES=1).
      const aliased = async () => {
        const side = (name: string, indicator: string, dim: string) =>
          members
            .map(
              (p) =>
                `${name}_${p}: observations(indicator: "${indicator}", from: $from, to: $to, filter: [{ dimension: "${dim}", codes: ["${p}"] }]) { period value status confidentiality }`,
            )
            .join(' ');
        const text = `query Aliased($members: [ID!], $from: String, $to: String) { countries(iso3: $members) { iso3 ${side('o', pair.origin!.indicator.code, pair.origin!.partnerDimension)} ${side('d', pair.destination.indicator.code, pair.destination.partnerDimension)} } }`;
        return post(stack.gatewayUrl, text, { members, from: YEARS[0], to: YEARS.at(-1) });
      };
      // As the report builder sends the regional report of one indicator without a breakdown.
      const totals = { indicator: pair.destination.indicator.code, members, from: YEARS[0], to: YEARS.at(-1) };
      const report = () => post(stack.gatewayUrl, reportQuery(true), { ...totals, filter: null, lang: 'en', asOf: null });
      const bare = () => post(stack.gatewayUrl, BARE, totals);
      const first = performance.now();
      const filled = (await matrix()).flatMap((m) => m.cells).filter((c) => c.difference !== null).length;
      log(
        `${pair.id}: first matrix in ${Math.round(performance.now() - first)} ms; ${filled} of ${YEARS.length * members.length * (members.length - 1)} cells have both sides; warming up`,
      );
      for (let i = 0; i < 5; i++) await Promise.all([matrix(), report(), bare()]);
      const times = { matrix: [] as number[], report: [] as number[], bare: [] as number[] };
      for (let round = 0; round < REQUESTS; round += CONCURRENCY) {
        const n = Math.min(CONCURRENCY, REQUESTS - round);
        times.report.push(...(await Promise.all(Array.from({ length: n }, () => timed(report)))));
        times.matrix.push(...(await Promise.all(Array.from({ length: n }, () => timed(matrix)))));
        times.bare.push(...(await Promise.all(Array.from({ length: n }, () => timed(bare)))));
      }
      const aliases: number[] = [];
      if (process.env.BENCH_ALIASES === '1') {
        for (let round = 0; round < REQUESTS; round += CONCURRENCY) {
          const n = Math.min(CONCURRENCY, REQUESTS - round);
          aliases.push(...(await Promise.all(Array.from({ length: n }, () => timed(aliased)))));
        }
      }
      const [m, r, b] = [stats(times.matrix), stats(times.report), stats(times.bare)];
      results[pair.id] = {
        report: { indicator: pair.destination.indicator.code, ...r },
        matrix: m,
        cellsWithBothSides: filled,
        ratio: +(m.meanMs / r.meanMs).toFixed(3),
        bareTotals: { ...b, ratio: +(m.meanMs / b.meanMs).toFixed(3) },
        ...(aliases.length > 0 ? { aliasedPerPartner: { ...stats(aliases), ratio: +(stats(aliases).meanMs / r.meanMs).toFixed(3) } } : {}),
      };
    }
    const output = {
      bench: 'bilateral',
      baseline: "regional report of one indicator, same years (the report builder's query)",
      years: `${YEARS[0]}-${YEARS.at(-1)}`,
      members: members.length,
      concurrency: CONCURRENCY,
      target: '≤ 2',
      pairs: results,
    };
    console.log(JSON.stringify(output, null, 2));
    await mkdir(new URL('./results/', import.meta.url), { recursive: true });
    await writeFile(new URL('./results/bilateral.json', import.meta.url), `${JSON.stringify(output, null, 2)}\n`);
  } finally {
    await stack.stop();
    await handle.close();
    await pg.stop();
  }
}

await main();
