// One timed round: autocannon against one target with one workload, and what the target's process
// spent meanwhile (CPU from /proc before and after; peak RSS is read at the end of the run).
import autocannon from 'autocannon';
import { cpuMs } from './procstat.js';

export interface RoundResult {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  /** Non-2xx answers and socket errors/timeouts: a round with any is reported, not hidden. */
  failures: number;
  /** CPU of the gateway's process tree per request (ms); null for the direct call. */
  gatewayCpuMs: number | null;
  /** CPU of the subgraphs' process per request (ms): what the gateway made the members do. */
  subgraphCpuMs: number;
  /** Where the next round of this target and workload continues in `bodies`. */
  nextOffset: number;
}

export interface DriveOptions {
  url: string;
  bodies: string[];
  /** Where in `bodies` this round starts (the varied list continues across rounds, never restarts). */
  offset: number;
  seconds: number;
  connections: number;
  gatewayPid?: number;
  subgraphsPid: number;
}

export async function drive(options: DriveOptions): Promise<RoundResult> {
  const { bodies } = options;
  let next = options.offset;
  const gatewayBefore = options.gatewayPid ? cpuMs(options.gatewayPid) : 0;
  const subgraphsBefore = cpuMs(options.subgraphsPid);
  const result = await autocannon({
    url: options.url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    connections: options.connections,
    duration: options.seconds,
    body: bodies[0]!,
    // One shared cursor for every connection: consecutive requests are consecutive list items.
    requests: bodies.length > 1 ? [{ setupRequest: (req) => ({ ...req, body: bodies[next++ % bodies.length]! }) }] : [{}],
  });
  const requests = result.requests.total;
  const perRequest = (ms: number) => (requests > 0 ? ms / requests : 0);
  return {
    requests,
    rps: requests / (result.duration || options.seconds),
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts,
    gatewayCpuMs: options.gatewayPid ? perRequest(cpuMs(options.gatewayPid) - gatewayBefore) : null,
    subgraphCpuMs: perRequest(cpuMs(options.subgraphsPid) - subgraphsBefore),
    nextOffset: next,
  };
}
