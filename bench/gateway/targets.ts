// The gateways the benchmark compares, each started in a process of its own on the same supergraph
// file and the same subgraph URLs: migfed's gateway as shipped (gateway/src/main.ts, configured by
// its environment), the same with its caches off (the "before" of the gateway's performance work), and
// @graphql-hive/gateway with its default runtime and with the Hive Router runtime (Rust planner).
import { fileURLToPath } from 'node:url';
import { type Child, freePort, repoRoot, startNode, waitForGraphql } from './processes.js';

export interface Target {
  id: string;
  label: string;
  url: string;
  /** The process whose CPU and memory are the gateway's; absent for the direct call. */
  child?: Child;
}

interface GatewaySpec {
  id: string;
  label: string;
  args: (supergraphPath: string, port: number) => string[];
  env?: (port: number) => Record<string, string>;
}

const hiveBin = fileURLToPath(new URL('../node_modules/@graphql-hive/gateway/dist/bin.js', import.meta.url));
const hive = (supergraph: string, port: number, router: boolean) => [
  hiveBin,
  'supergraph',
  supergraph,
  '--host',
  '127.0.0.1',
  '--port',
  String(port),
  '--disable-websockets',
  ...(router ? ['--hive-router-runtime'] : []),
];

// The benchmark is one client address: the per-IP rate limit would refuse it, so it is
// off; every other protection (query limits, circuit breaker, signed subgraph requests) stays on.
const migfedEnv = (supergraph: string, port: number, extra: Record<string, string>) => ({
  PORT: String(port),
  HOST: '127.0.0.1',
  SUPERGRAPH_PATH: supergraph,
  RATE_LIMIT_PER_SECOND: '0',
  SUBGRAPH_SIGNING_SECRET: 'bench-secret-0123456789abcdef0123456789abcdef',
  ...extra,
});

export const GATEWAYS: GatewaySpec[] = [
  {
    id: 'migfed',
    label: 'migfed gateway (@apollo/gateway 2.14, as shipped)',
    args: () => ['--import', 'tsx', 'gateway/src/main.ts'],
  },
  {
    id: 'migfed-nocache',
    label: 'migfed gateway, response cache and fetch deduplication off',
    args: () => ['--import', 'tsx', 'gateway/src/main.ts'],
    env: () => ({ RESPONSE_CACHE_MAX_AGE_S: '0', DEDUPE_SUBGRAPH_FETCHES: '0' }),
  },
  { id: 'hive', label: '@graphql-hive/gateway 2.15.1, default runtime', args: (s, p) => hive(s, p, false) },
  { id: 'hive-router', label: '@graphql-hive/gateway 2.15.1, --hive-router-runtime', args: (s, p) => hive(s, p, true) },
];

export async function startGateways(supergraphPath: string, only: (id: string) => boolean): Promise<Target[]> {
  const targets: Target[] = [];
  try {
    for (const spec of GATEWAYS.filter((g) => only(g.id))) {
      const port = await freePort();
      const env = spec.id.startsWith('migfed') ? migfedEnv(supergraphPath, port, spec.env?.(port) ?? {}) : {};
      // BENCH_CPU_PROF=<dir>: a V8 CPU profile of every gateway, written when it stops ("whatever the profile shows next").
      const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
      const child = startNode(spec.id, [...profile, ...spec.args(supergraphPath, port)], env);
      const target = { id: spec.id, label: spec.label, url: `http://127.0.0.1:${port}/graphql`, child };
      targets.push(target);
      // One at a time: two migfed gateways starting together would both build the explorer.
      await waitForGraphql(child, target.url, 120_000);
    }
    return targets;
  } catch (err) {
    await Promise.allSettled(targets.map((t) => t.child?.stop()));
    throw err;
  }
}

export { repoRoot };
