import { RemoteGraphQLDataSource } from '@apollo/gateway';
import type { Fetcher } from './fetcher.js';
import { annotateResponseErrors, failureError, identifySubgraph, type SubgraphIdentity } from './subgraph-errors.js';

// From @apollo/server-gateway-interface, which is not a direct dependency.
type ResponseContext = Parameters<NonNullable<RemoteGraphQLDataSource['didReceiveResponse']>>[0];
type GatewayGraphQLResponse = ResponseContext['response'];

export interface SubgraphDataSourceOptions {
  /** Subgraph name from the supergraph: `registry`, `country_<iso3>`, `provider_<id>`. */
  name: string;
  url: string;
  /** Used in the timeout message; the fetcher enforces it. */
  timeoutMs: number;
  /** From createTimeoutFetcher: cuts each fetch at timeoutMs, keeps connections alive. */
  fetcher: Fetcher;
}

/**
 * A subgraph as the gateway sees it. Every error that comes from it (network failure, timeout,
 * HTTP error, GraphQL errors in its answer) leaves with `extensions.code` SUBGRAPH_UNAVAILABLE,
 * SUBGRAPH_TIMEOUT or SUBGRAPH_ERROR, `extensions.subgraph`, `extensions.country` for members, and
 * a message naming the member. A failed fetch costs only that subgraph's fields: they resolve to
 * null (every contract field is nullable, DESIGN.md rule 1) and the rest of the answer stands.
 *
 * Why the country annotation matters: the gateway's error `path` is wrong for type-exploded entity
 * fetches (DESIGN.md rule 4): it indexes into the batch sent to that one country, not into the full
 * `countries` list, and failed fetches carry no path at all. Clients should attribute errors by
 * `extensions.country`, never by `path`.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource {
  readonly identity: SubgraphIdentity;
  readonly timeoutMs: number;

  constructor({ name, url, timeoutMs, fetcher }: SubgraphDataSourceOptions) {
    super({ url, fetcher });
    this.identity = identifySubgraph(name);
    this.timeoutMs = timeoutMs;
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
    throw failureError(this.identity, error, this.timeoutMs);
  }
}
