// Load test: a regional report held at steady concurrency through the gateway for 60 s
// (autocannon on loopback) while one member is killed at 20 s and started again at 40 s. Prints
// p50/p99 before, during and after, and counts every answer that is not either complete or the
// expected partial one (the killed member's figures null, with one error naming it). Prints JSON;
// writes bench/results/load-<time>.json. Not part of `npm test`: `npm run bench:load`.
// Options (env): LOAD_SECONDS (60), LOAD_CONNECTIONS (16), LOAD_MEMBER (MDA).
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStack } from '@migfed/demo';
import { loadRegion } from '@migfed/schema';
import { migrate as migrateCountry, seedCountry, type SeedData } from '@migfed/subgraph-country';
import { createDb } from '@migfed/subgraph-kit';
import { migrate as migrateRegistry } from '@migfed/subgraph-registry';
import { startPostgres } from '@migfed/tests/harness/postgres';
import autocannon from 'autocannon';

const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const CONNECTIONS = Number(process.env.LOAD_CONNECTIONS ?? 16);
const VICTIM = process.env.LOAD_MEMBER ?? 'MDA';
const CIRCUIT = { failureThreshold: 5, coolDownMs: 5_000 };
const PARTIAL_CODES = new Set(['SUBGRAPH_UNAVAILABLE', 'SUBGRAPH_TIMEOUT', 'SUBGRAPH_CIRCUIT_OPEN']);
const REPORT = JSON.stringify({
  query:
    'query Report($from: String, $to: String) { countries { iso3 name observations(indicator: "WORK_PERMITS_ISSUED", from: $from, to: $to) { period value } } }',
  variables: { from: '2015', to: '2024' },
});

type Phase = 'before' | 'during' | 'after';
type Body = {
  data?: { countries?: { iso3: string; observations: unknown[] | null }[] } | null;
  errors?: { message: string; extensions?: { code?: string; country?: string } }[];
};

/** `complete`, `partial` (only the victim missing, with its error) or why it is unexpected. */
function classify(status: number, text: string): 'complete' | 'partial' | string {
  if (status !== 200) return `HTTP ${status}`;
  let body: Body;
  try {
    body = JSON.parse(text) as Body;
  } catch {
    return 'not JSON';
  }
  const countries = body.data?.countries;
  if (!countries) return `no data: ${body.errors?.[0]?.message ?? '?'}`;
  const missing = countries.filter((c) => c.observations === null).map((c) => c.iso3);
  const errors = body.errors ?? [];
  if (missing.length === 0 && errors.length === 0) return 'complete';
  const expected =
    missing.every((m) => m === VICTIM) &&
    errors.length > 0 &&
    errors.every((e) => e.extensions?.country === VICTIM && PARTIAL_CODES.has(e.extensions.code ?? ''));
  return expected ? 'partial' : `unexpected: missing ${missing.join(',') || 'none'}; ${errors.map((e) => e.message).join(' | ')}`;
}

/** Ten years of work permits (total only) per member: a report of 12 × 10 figures. */
const workPermits = (base: number): SeedData => ({
  observations: Array.from({ length: 10 }, (_, i) => ({
    indicator: 'WORK_PERMITS_ISSUED',
    period: String(2015 + i),
    dimensions: { SEX: '_T', CITIZENSHIP: '_T' },
    value: base + i * 10,
    status: 'A',
    confidentiality: 'F',
    release: 'annual',
  })),
  metadata: [],
  documents: [],
});

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : null;

async function main() {
  const pg = await startPostgres({ log: () => {} });
  const url = await pg.createDatabase('load');
  const handle = createDb({ url, max: 20 });
  await migrateRegistry(handle);
  await migrateCountry(handle);
  const region = { ...loadRegion('dsm'), providers: [] };
  for (const [i, m] of region.members.entries()) await seedCountry(handle.db, m.iso3, workPermits(1000 * (i + 1)));
  const stack = await startStack({
    region,
    db: handle.db,
    subgraphTimeoutMs: 2000,
    signingSecret: randomBytes(32).toString('base64url'),
    // One client on loopback is the whole load: the per-client rate limit would be what is measured.
    protection: { rateLimit: false, circuitBreaker: CIRCUIT },
  });

  const started = Date.now();
  const phaseOf = (at: number): Phase =>
    at - started < (SECONDS * 1000) / 3 ? 'before' : at - started < (SECONDS * 2000) / 3 ? 'during' : 'after';
  const latencies: Record<Phase, number[]> = { before: [], during: [], after: [] };
  const outcomes: Record<Phase, Record<string, number>> = { before: {}, during: {}, after: {} };
  const examples = new Set<string>();
  const killAt = setTimeout(() => void stack.stopMember(VICTIM), (SECONDS * 1000) / 3);
  const restartAt = setTimeout(() => void stack.startMember(VICTIM), (SECONDS * 2000) / 3);

  const options: autocannon.Options = {
    url: stack.gatewayUrl,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: REPORT,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [
      {
        onResponse: (status: number, text: string) => {
          const kind = classify(status, text);
          const phase = phaseOf(Date.now());
          const key = kind === 'complete' || kind === 'partial' ? kind : 'unexpected';
          outcomes[phase][key] = (outcomes[phase][key] ?? 0) + 1;
          if (key === 'unexpected' && examples.size < 5) examples.add(kind.slice(0, 300));
        },
      },
    ],
  };
  const totals = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (err, result) => (err ? reject(err) : resolve(result)));
    instance.on('response', (_client, _status, _bytes, ms) => latencies[phaseOf(Date.now())].push(ms));
  });
  clearTimeout(killAt);
  clearTimeout(restartAt);
  await stack.stop();
  await handle.close();
  await pg.stop();

  const phases = Object.fromEntries(
    (['before', 'during', 'after'] as Phase[]).map((p) => {
      const sorted = latencies[p].sort((a, b) => a - b);
      return [p, { requests: sorted.length, p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99), ...outcomes[p] }];
    }),
  );
  const unexpected = Object.values(outcomes).reduce((n, o) => n + (o.unexpected ?? 0), 0);
  const result = {
    bench: 'load',
    scenario: `DSM report (${region.members.length} members, 10 years) through the gateway; ${VICTIM} killed at ${SECONDS / 3} s, started again at ${(SECONDS * 2) / 3} s`,
    seconds: SECONDS,
    connections: CONNECTIONS,
    circuitBreaker: CIRCUIT,
    requests: totals.requests.total,
    requestsPerSecond: totals.requests.average,
    non2xx: totals.non2xx,
    transportErrors: totals.errors + totals.timeouts,
    phases,
    unexpectedErrors: unexpected + totals.errors + totals.timeouts,
    unexpectedExamples: [...examples],
    at: new Date().toISOString(),
  };
  const out = join(dirname(fileURLToPath(import.meta.url)), 'results', `load-${result.at.replace(/[:.]/g, '-')}.json`);
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
  process.exitCode = result.unexpectedErrors === 0 ? 0 : 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
