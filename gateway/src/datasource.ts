import { RemoteGraphQLDataSource } from '@apollo/gateway';
import { currentRequestSignal } from '@migfed/subgraph-kit/cancel';
import { inSpan, SpanKind, serviceLogger } from '@migfed/subgraph-kit/observability';
import { createCircuitBreaker, type CircuitBreaker, type CircuitBreakerOptions } from './circuit-breaker.js';
import type { Fetcher } from './fetcher.js';
import type { GatewayMetrics } from './observability.js';
import {
  annotateResponseErrors,
  circuitOpenError,
  failureDetails,
  failureError,
  identifySubgraph,
  refusesOversizedWork,
  reportsDataSourceDown,
  SubgraphErrorCode,
  type SubgraphIdentity,
} from './subgraph-errors.js';

// From @apollo/server-gateway-interface, which is not a direct dependency.
type ResponseContext = Parameters<NonNullable<RemoteGraphQLDataSource['didReceiveResponse']>>[0];
type GatewayGraphQLResponse = ResponseContext['response'];
type ProcessOptions = Parameters<RemoteGraphQLDataSource['process']>[0];

export interface SubgraphDataSourceOptions {
  /** Subgraph name from the supergraph: `registry`, `country_<iso3>`, `provider_<id>`. */
  name: string;
  url: string;
  /** Used in the timeout message; the fetcher enforces it. */
  timeoutMs: number;
  /** From createTimeoutFetcher: cuts each fetch at timeoutMs, keeps connections alive. */
  fetcher: Fetcher;
  /** Skip a subgraph that keeps failing (default: off). */
  circuitBreaker?: Omit<CircuitBreakerOptions, 'now'>;
  /** Where failures are logged with their details (addresses, bodies) that clients never see. */
  log?: Pick<Console, 'warn'>;
  /** Counts and times each fetch per member. */
  metrics?: Pick<GatewayMetrics, 'fetched'>;
}

/** Failures that say the subgraph itself is in trouble (not that the caller asked something wrong). */
function isOutage(error: unknown): boolean {
  const ext = (error as { extensions?: { code?: unknown; httpStatus?: unknown } }).extensions;
  if (ext?.code === SubgraphErrorCode.UNAVAILABLE || ext?.code === SubgraphErrorCode.TIMEOUT) return true;
  return typeof ext?.httpStatus === 'number' && ext.httpStatus >= 500;
}

/**
 * A subgraph as the gateway sees it. Every error that comes from it (network failure, timeout,
 * HTTP error, GraphQL errors in its answer) leaves with `extensions.code` SUBGRAPH_UNAVAILABLE,
 * SUBGRAPH_TIMEOUT or SUBGRAPH_ERROR, `extensions.subgraph`, `extensions.country` for members, and
 * a message naming the member. A failed fetch costs only that subgraph's fields: they resolve to
 * null (every contract field is nullable) and the rest of the answer stands.
 *
 * Why the country annotation matters: the gateway's error `path` is wrong for type-exploded entity
 * fetches: it indexes into the batch sent to that one country, not into the full
 * `countries` list, and failed fetches carry no path at all. Clients should attribute errors by
 * `extensions.country`, never by `path`.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource {
  readonly identity: SubgraphIdentity;
  readonly timeoutMs: number;
  readonly breaker: CircuitBreaker;
  /** The member's ISO3 (the subgraph's name for the registry and providers): span names, metric labels. */
  readonly member: string;
  readonly #log: Pick<Console, 'warn'>;
  readonly #metrics: Pick<GatewayMetrics, 'fetched'> | undefined;

  constructor({ name, url, timeoutMs, fetcher, circuitBreaker, log = serviceLogger('gateway'), metrics }: SubgraphDataSourceOptions) {
    super({ url, fetcher });
    this.identity = identifySubgraph(name);
    this.member = this.identity.country ?? name;
    this.#metrics = metrics;
    this.timeoutMs = timeoutMs;
    this.breaker = createCircuitBreaker(circuitBreaker ?? { failureThreshold: 0, coolDownMs: 0 });
    this.#log = log;
  }

  /**
   * Every fetch goes through the circuit breaker: an outage (network, timeout, HTTP 5xx, or the
   * subgraph saying its database is gone) counts as a failure; a refusal of oversized work
   * (ROW_LIMIT, STATEMENT_TIMEOUT) is ignored; any other answer, even one with the caller's
   * mistakes in it, counts as a success.
   */
  override process(options: ProcessOptions): Promise<GatewayGraphQLResponse> {
    // One span per member fetch, named by the member (`fetch MDA`); the fetcher sends its context on.
    return inSpan(`fetch ${this.member}`, { 'migfed.subgraph': this.identity.subgraph }, SpanKind.CLIENT, () => this.#process(options));
  }

  async #process(options: ProcessOptions): Promise<GatewayGraphQLResponse> {
    const ticket = this.breaker.admit();
    if (!ticket.admitted) {
      this.#metrics?.fetched(this.member, 0, 'circuit_open');
      throw circuitOpenError(this.identity, ticket.failures, ticket.retryInMs);
    }
    const started = performance.now();
    const took = () => (performance.now() - started) / 1000;
    try {
      const response = await super.process(options);
      if (reportsDataSourceDown(response.errors)) ticket.failed();
      else if (refusesOversizedWork(response.errors)) ticket.ignored();
      else ticket.succeeded();
      this.#metrics?.fetched(this.member, took(), response.errors?.length ? 'error' : 'ok');
      return response;
    } catch (error) {
      this.#metrics?.fetched(this.member, took(), 'error');
      // The public client went away and the fetch was given up for it: nothing about the subgraph.
      if (currentRequestSignal()?.aborted) ticket.ignored();
      else if (isOutage(error)) ticket.failed();
      else ticket.succeeded();
      throw error;
    }
  }

  override didReceiveResponse({ response }: ResponseContext): GatewayGraphQLResponse {
    if (response.errors && response.errors.length > 0) {
      response.errors = annotateResponseErrors(this.identity, response.errors);
    }
    return response;
  }

  // Called for every failed fetch: network error, timeout, non-2xx status (the base class makes
  // those "400: Bad Request" and keeps the body in extensions.response; we surface its message).
  override didEncounterError(error: Error): never {
    const failure = failureError(this.identity, error, this.timeoutMs);
    this.#log.warn(`gateway: ${this.identity.subgraph} (${this.url}): ${failure.extensions.code}: ${failureDetails(error)}`);
    throw failure;
  }
}
