// Summarises the interleaved rounds: the median of each figure per target and workload (the machines
// are shared and noisy; a median of interleaved rounds is steadier than one long run), and the
// ratios the acceptance is stated in.
import type { RoundResult } from './drive.js';

export interface Summary {
  target: string;
  workload: string;
  /** Set when the target was not timed (answered differently, or has no such request). */
  notTimed?: string;
  rounds: number;
  rps: number;
  p50: number;
  p99: number;
  failures: number;
  gatewayCpuMsPerRequest: number | null;
  subgraphCpuMsPerRequest: number;
  peakRssMiB: number | null;
  /** Median over rounds of this round's req/s divided by the reference's in the same round (paired). */
  vsHiveRouter: number | null;
  vsDirect: number | null;
  /** req/s of each round, in order: rounds are paired across targets (the machine's load changes between them). */
  roundRps: number[];
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

export function summarize(target: string, workload: string, rounds: RoundResult[], peakRssMiB: number | null): Summary {
  const cpu = rounds.map((r) => r.gatewayCpuMs).filter((c): c is number => c !== null);
  return {
    target,
    workload,
    rounds: rounds.length,
    rps: round(median(rounds.map((r) => r.rps)), 1),
    p50: median(rounds.map((r) => r.p50)),
    p99: median(rounds.map((r) => r.p99)),
    failures: rounds.reduce((n, r) => n + r.failures, 0),
    gatewayCpuMsPerRequest: cpu.length ? round(median(cpu), 3) : null,
    subgraphCpuMsPerRequest: round(median(rounds.map((r) => r.subgraphCpuMs)), 3),
    peakRssMiB,
    vsHiveRouter: null,
    vsDirect: null,
    roundRps: rounds.map((r) => round(r.rps, 1)),
  };
}

/** Fills in requests/s relative to Hive with the router runtime and to the direct call, per workload. */
export function addRatios(rows: Summary[], hiveRouter: string, direct: string): void {
  for (const row of rows) {
    if (row.notTimed) continue;
    const of = (target: string) => rows.find((r) => r.workload === row.workload && r.target === target && !r.notTimed);
    const h = of(hiveRouter);
    const d = of(direct);
    // Paired by round: a shared machine's load moves every target of a round up or down together.
    const paired = (ref: Summary | undefined) =>
      ref && ref.roundRps.length === row.roundRps.length && ref.roundRps.every((r) => r > 0)
        ? round(median(row.roundRps.map((r, i) => r / ref.roundRps[i]!)))
        : null;
    row.vsHiveRouter = paired(h);
    row.vsDirect = paired(d);
  }
}

export function formatTable(rows: Summary[]): string {
  const header = [
    'workload',
    'target',
    'req/s',
    'p50 ms',
    'p99 ms',
    'gw CPU ms/req',
    'subgraph CPU ms/req',
    'peak RSS MiB',
    '× hive-router',
    '× direct',
    'failures',
  ];
  const lines = rows.map((r) =>
    r.notTimed
      ? [r.workload, r.target, `not timed: ${r.notTimed}`]
      : [
          r.workload,
          r.target,
          r.rps.toFixed(1),
          String(r.p50),
          String(r.p99),
          r.gatewayCpuMsPerRequest?.toFixed(2) ?? '–',
          r.subgraphCpuMsPerRequest.toFixed(2),
          r.peakRssMiB?.toString() ?? '–',
          r.vsHiveRouter?.toFixed(2) ?? '–',
          r.vsDirect?.toFixed(2) ?? '–',
          String(r.failures),
        ],
  );
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l.length > 3 || i < 2 ? (l[i] ?? '').length : 0))));
  const fmt = (cells: string[]) =>
    cells.length === 3
      ? `${cells[0]!.padEnd(widths[0]!)} | ${cells[1]!.padEnd(widths[1]!)} | ${cells[2]}`
      : cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
  return [fmt(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...lines.map(fmt)].join('\n');
}
