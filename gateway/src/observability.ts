// What the gateway tells its operator beyond the kit's per-request metrics: every subgraph fetch
// counted and timed per member (label `member`: the ISO3 for members, the subgraph's name for the
// registry and providers), the response cache's hits and misses, and each member's circuit state.
import { Counter, createServiceMetrics, Gauge, Histogram, LATENCY_BUCKETS, type ServiceMetrics } from '@migfed/subgraph-kit/observability';
import type { CircuitState } from './circuit-breaker.js';

export type FetchOutcome = 'ok' | 'error' | 'circuit_open';

export interface GatewayMetrics extends ServiceMetrics {
  fetched(member: string, seconds: number, outcome: FetchOutcome): void;
  cache: { hit(): void; miss(): void };
  /** Where the circuit gauge reads each member's state from, when /metrics is scraped. */
  watchCircuits(states: () => Iterable<[member: string, state: CircuitState]>): void;
}

const CIRCUIT_VALUE: Record<CircuitState, number> = { closed: 0, 'half-open': 1, open: 2 };

export function createGatewayMetrics(): GatewayMetrics {
  const base = createServiceMetrics('gateway');
  const registers = [base.registry];
  const fetches = new Counter({
    name: 'migfed_subgraph_fetches_total',
    help: 'Subgraph fetches by member and outcome (ok, error, circuit_open)',
    labelNames: ['member', 'outcome'],
    registers,
  });
  const latency = new Histogram({
    name: 'migfed_subgraph_fetch_duration_seconds',
    help: 'Time of one subgraph fetch, by member',
    labelNames: ['member'],
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const hits = new Counter({ name: 'migfed_response_cache_hits_total', help: 'Answers served from the response cache', registers });
  const misses = new Counter({
    name: 'migfed_response_cache_misses_total',
    help: 'Anonymous reads the response cache could not answer',
    registers,
  });
  let circuits: () => Iterable<[string, CircuitState]> = () => [];
  new Gauge({
    name: 'migfed_circuit_state',
    help: 'Circuit breaker per member: 0 closed, 1 half-open (probing), 2 open (fetches skipped)',
    labelNames: ['member'],
    registers,
    collect() {
      for (const [member, state] of circuits()) this.set({ member }, CIRCUIT_VALUE[state]);
    },
  });
  return {
    ...base,
    fetched(member, seconds, outcome) {
      fetches.inc({ member, outcome });
      if (outcome !== 'circuit_open') latency.observe({ member }, seconds);
    },
    cache: { hit: () => hits.inc(), miss: () => misses.inc() },
    watchCircuits(states) {
      circuits = states;
    },
  };
}
