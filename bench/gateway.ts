// The gateway benchmark (`npm run bench`): the region's registry, 12 members and its providers on
// loopback over a real PostgreSQL with the demo's generated data, and in front of them, each in its
// own process, the migfed gateway (with and without its caches) and @graphql-hive/gateway (default
// and Hive Router runtime), plus a direct call to one member as the limit. Every target's answers
// are first compared with migfed's; then interleaved rounds of autocannon per workload. Prints a
// table and writes bench/results/gateway.json. Environment: BENCH_SECONDS (10), BENCH_ROUNDS (3),
// BENCH_CONNECTIONS (50), BENCH_WARMUP_SECONDS (2), BENCH_VARIED (20000), BENCH_TARGETS (all),
// BENCH_WORKLOADS (all), REGION (dsm).
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRegion } from '@migfed/schema';
import { startPostgres } from '@migfed/tests/harness/postgres';
import { ask, cleanDirect, comparable, firstDifference } from './gateway/compare.js';
import { drive, type RoundResult } from './gateway/drive.js';
import { startNode, waitForLine } from './gateway/processes.js';
import { peakRssMiB } from './gateway/procstat.js';
import { addRatios, formatTable, summarize, type Summary } from './gateway/report.js';
import { startGateways, type Target } from './gateway/targets.js';
import { buildWorkloads, type Workload } from './gateway/workloads.js';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const SECONDS = env('BENCH_SECONDS', 10);
const ROUNDS = env('BENCH_ROUNDS', 3);
const CONNECTIONS = env('BENCH_CONNECTIONS', 50);
const WARMUP = env('BENCH_WARMUP_SECONDS', 2);
const VARIED = env('BENCH_VARIED', 20_000);
const listed = (name: string) => (id: string) => !process.env[name] || process.env[name]!.split(',').includes(id);
const log = (line: string) => console.error(`bench: ${line}`);

/** The body a target gets for a workload, and whether it has one (the direct call has no provider query). */
const bodiesFor = (t: Target, w: Workload) => (t.id === 'direct' ? w.direct?.bodies : w.bodies);

/** Compares every target's answers with migfed's; returns why a target must not be timed, per workload. */
async function checkAnswers(targets: Target[], workloads: Workload[]): Promise<Map<string, string>> {
  const refused = new Map<string, string>();
  const reference = targets.find((t) => t.id === 'migfed') ?? targets[0]!;
  for (const w of workloads) {
    const sample = w.bodies.slice(0, 25);
    const expected = await Promise.all(sample.map(async (b) => comparable(await ask(reference.url, b))));
    if (expected.some((e) => e.includes('"errors":[{') || e.startsWith('HTTP')))
      log(`warning: migfed answers workload ${w.id} with errors: ${expected[0]!.slice(0, 200)}`);
    for (const t of targets) {
      const bodies = bodiesFor(t, w);
      if (!bodies) continue;
      if (t.id === 'direct') {
        const answers = await Promise.all(bodies.slice(0, 25).map((b) => ask(t.url, b)));
        if (!answers.every(cleanDirect))
          refused.set(`${t.id}/${w.id}`, `errors in the direct answer: ${answers.find((a) => !cleanDirect(a))!.body.slice(0, 120)}`);
        continue;
      }
      for (const [i, body] of sample.entries()) {
        const got = comparable(await ask(t.url, body));
        if (got !== expected[i]) {
          refused.set(`${t.id}/${w.id}`, `answers differently (request ${i + 1}: ${firstDifference(got, expected[i]!)})`);
          break;
        }
      }
    }
  }
  return refused;
}

async function main(): Promise<void> {
  const region = loadRegion(process.env.REGION ?? 'dsm');
  const dir = await mkdtemp(join(tmpdir(), 'migfed-bench-gw-'));
  const pg = await startPostgres({ log });
  const stops: (() => Promise<void>)[] = [];
  try {
    const url = await pg.createDatabase('bench_gateway');
    const supergraphPath = join(dir, 'supergraph.graphql');
    log(`starting the registry, ${region.members.length} members and providers over PostgreSQL (${pg.source}) …`);
    const subgraphs = startNode('subgraphs', ['--import', 'tsx', 'bench/gateway/subgraphs.ts'], {
      DATABASE_URL: url,
      SUPERGRAPH_OUT: supergraphPath,
      REGION: region.id,
    });
    stops.push(subgraphs.stop);
    const ready = JSON.parse((await waitForLine(subgraphs, /^READY (.*)$/, 600_000))[1]!) as {
      members: Record<string, string>;
      providers: Record<string, string>;
      providersMissing: string;
    };
    const providers = Object.keys(ready.providers);
    log(providers.length ? `providers: ${providers.join(', ')}` : `no providers: ${ready.providersMissing}`);
    const supergraph = await readFile(supergraphPath, 'utf8');
    // The side-by-side report asks for what the graph has (as /reports does from introspection).
    const unhcr =
      /\bunhcr: UnhcrStatistics\b/.test(supergraph) && /\basylumApplications\(/.test(supergraph)
        ? ['asylumApplications', ...(/\blatestRelease:/.test(supergraph) ? ['latestRelease'] : [])]
        : null;
    const workloads = buildWorkloads(region, { varied: VARIED, unhcrFields: unhcr }).filter((w) => listed('BENCH_WORKLOADS')(w.id));

    const targets = await startGateways(supergraphPath, listed('BENCH_TARGETS'));
    for (const t of targets) stops.push(() => t.child!.stop());
    const directIso3 = workloads.find((w) => w.direct)?.direct?.iso3;
    if (directIso3 && listed('BENCH_TARGETS')('direct'))
      targets.push({
        id: 'direct',
        label: `direct call to country_${directIso3.toLowerCase()} (_entities), the limit`,
        url: ready.members[directIso3]!,
      });

    log("comparing every target's answers with the migfed gateway's …");
    const refused = await checkAnswers(targets, workloads);
    for (const [key, why] of refused) log(`${key}: ${why}`);

    const timed = (t: Target, w: Workload) => Boolean(bodiesFor(t, w)) && !refused.has(`${t.id}/${w.id}`);
    // Direct call of workload (c) goes to another member than (a)/(b): its URL is per workload.
    const urlFor = (t: Target, w: Workload) => (t.id === 'direct' ? ready.members[w.direct!.iso3]! : t.url);
    const results = new Map<string, RoundResult[]>();
    const offsets = new Map<string, number>();
    if (WARMUP > 0) log(`warming up every target (${WARMUP} s each) …`);
    for (const w of workloads)
      for (const t of targets.filter((t) => timed(t, w))) {
        if (WARMUP > 0)
          await drive({
            url: urlFor(t, w),
            bodies: [bodiesFor(t, w)!.at(-1)!],
            offset: 0,
            seconds: WARMUP,
            connections: CONNECTIONS,
            subgraphsPid: subgraphs.pid,
          });
      }
    for (let r = 0; r < ROUNDS; r += 1) {
      for (const w of workloads) {
        // Interleaved, and each round in another order, so no target always runs first or last.
        const order = targets.filter((t) => timed(t, w));
        const rotated = [...order.slice(r % order.length), ...order.slice(0, r % order.length)];
        for (const t of rotated) {
          const key = `${t.id}/${w.id}`;
          const res = await drive({
            url: urlFor(t, w),
            bodies: bodiesFor(t, w)!,
            offset: offsets.get(key) ?? 0,
            seconds: SECONDS,
            connections: CONNECTIONS,
            ...(t.child ? { gatewayPid: t.child.pid } : {}),
            subgraphsPid: subgraphs.pid,
          });
          offsets.set(key, res.nextOffset);
          results.set(key, [...(results.get(key) ?? []), res]);
          const cpu = res.gatewayCpuMs === null ? '' : `  gateway CPU ${res.gatewayCpuMs.toFixed(2)} ms/req`;
          log(
            `round ${r + 1}/${ROUNDS} ${w.id} ${t.id.padEnd(14)} ${res.rps.toFixed(1).padStart(8)} req/s  p99 ${res.p99} ms${cpu}${res.failures ? `  ${res.failures} failures` : ''}`,
          );
        }
      }
    }

    const rows: Summary[] = [];
    for (const w of workloads)
      for (const t of targets) {
        const rounds = results.get(`${t.id}/${w.id}`);
        if (rounds) rows.push(summarize(t.id, w.id, rounds, t.child ? peakRssMiB(t.child.pid) : null));
        else
          rows.push({ ...summarize(t.id, w.id, [], null), notTimed: refused.get(`${t.id}/${w.id}`) ?? 'no such request for this target' });
      }
    addRatios(rows, 'hive-router', 'direct');
    // The targets, from this run: (b) ≥ 1.0× Hive Router runtime; (a) ≥ 1.5× with p99 no worse.
    const row = (t: string, w: string) => rows.find((r) => r.target === t && r.workload === w && !r.notTimed);
    const verdict = (w: string, min: number, p99: boolean) => {
      const [m, h] = [row('migfed', w), row('hive-router', w)];
      if (!m || !h || m.vsHiveRouter === null) return { workload: w, met: null, why: 'not measured in this run' };
      return {
        workload: w,
        met: m.vsHiveRouter >= min && (!p99 || m.p99 <= h.p99),
        ratio: m.vsHiveRouter,
        required: min,
        p99: { migfed: m.p99, hiveRouter: h.p99 },
      };
    };
    const acceptance = [verdict('b', 1.0, false), verdict('a', 1.5, true)];
    const wrapped = Math.max(0, ...[...offsets].filter(([k]) => k.endsWith('/b')).map(([, n]) => n - VARIED));
    const output = {
      benchmark: 'gateway',
      date: new Date().toISOString(),
      machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
      settings: {
        seconds: SECONDS,
        rounds: ROUNDS,
        connections: CONNECTIONS,
        warmupSeconds: WARMUP,
        varied: VARIED,
        region: region.id,
        members: region.members.length,
        providers,
        postgres: pg.source,
      },
      notes: [
        providers.length ? `providers running: ${providers.join(', ')}` : `no providers: ${ready.providersMissing}`,
        `workload b sends ${VARIED} distinct reports in order; ${wrapped > 0 ? `the list wrapped after ${VARIED} (${wrapped} repeats for the fastest target)` : 'no report was sent twice to any target'}`,
        'the migfed gateways run with RATE_LIMIT_PER_SECOND=0 (one client address) and sign their subgraph requests',
      ],
      targets: targets.map((t) => ({ id: t.id, label: t.label })),
      workloads: workloads.map((w) => ({ id: w.id, title: w.title })),
      acceptance,
      results: rows,
    };
    console.log(`\n${workloads.map((w) => `(${w.id}) ${w.title}`).join('\n')}\n${targets.map((t) => `${t.id}: ${t.label}`).join('\n')}\n`);
    console.log(formatTable(rows));
    console.log(`\n${output.notes.join('\n')}`);
    for (const v of acceptance)
      console.log(
        `acceptance (${v.workload}): ${v.met === null ? v.why : `${v.met ? 'met' : 'NOT met'}: ${v.ratio}× Hive Router runtime (required ≥ ${v.required}×)${v.workload === 'a' ? `, p99 ${v.p99?.migfed} vs ${v.p99?.hiveRouter} ms` : ''}`}`,
      );
    await mkdir(new URL('./results/', import.meta.url), { recursive: true });
    await writeFile(new URL('./results/gateway.json', import.meta.url), `${JSON.stringify(output, null, 2)}\n`);
    console.log('\nwritten: bench/results/gateway.json');
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    await pg.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(`bench: ${(err as Error).stack ?? String(err)}`);
  process.exit(1);
});
