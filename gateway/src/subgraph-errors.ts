import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/** The codes the gateway puts on errors that come from a subgraph (extensions.code). */
export const SubgraphErrorCode = {
  /** Network failure (refused, reset, DNS) or HTTP 502/503/504 in front of the subgraph. */
  UNAVAILABLE: 'SUBGRAPH_UNAVAILABLE',
  /** No complete answer within the gateway's per-fetch timeout. */
  TIMEOUT: 'SUBGRAPH_TIMEOUT',
  /** The subgraph answered, with GraphQL errors, another HTTP error or a body that is not GraphQL. */
  ERROR: 'SUBGRAPH_ERROR',
} as const;
export type SubgraphErrorCode = (typeof SubgraphErrorCode)[keyof typeof SubgraphErrorCode];

/** Who a subgraph is, in words a focal point or researcher recognises. */
export interface SubgraphIdentity {
  subgraph: string;
  /** ISO3 of the member, for `country_<iso3>` subgraphs. */
  country?: string;
  /** e.g. `Country MDA (subgraph country_mda)`. */
  label: string;
}

export function identifySubgraph(name: string): SubgraphIdentity {
  const country = /^country_([a-z]{3})$/.exec(name)?.[1]?.toUpperCase();
  if (country) return { subgraph: name, country, label: `Country ${country} (subgraph ${name})` };
  const provider = /^provider_(.+)$/.exec(name)?.[1];
  if (provider) return { subgraph: name, label: `Provider ${provider} (subgraph ${name})` };
  if (name === 'registry') return { subgraph: name, label: 'Registry (subgraph registry)' };
  return { subgraph: name, label: `Subgraph ${name}` };
}

// The gateway's error paths are wrong for type-exploded entity fetches (DESIGN.md rule 4: it uses the
// index in the batch sent to that country, not the index in the full list), so `country` and
// `subgraph` are what make an error attributable. A subgraph's own code moves to `subgraphCode`;
// its stack traces and exception details are dropped so that none reach a client.
function annotations(id: SubgraphIdentity, code: SubgraphErrorCode, subgraphCode?: unknown) {
  return {
    code,
    subgraph: id.subgraph,
    ...(id.country ? { country: id.country } : {}),
    ...(typeof subgraphCode === 'string' ? { subgraphCode } : {}),
  };
}

/** Annotates the GraphQL errors of a subgraph's (HTTP 200) response. */
export function annotateResponseErrors(
  id: SubgraphIdentity,
  errors: readonly GraphQLFormattedError[],
): GraphQLFormattedError[] {
  return errors.map((e) => {
    const { stacktrace: _s, exception: _e, code, ...rest } = e.extensions ?? {};
    return { ...e, message: `${id.label}: ${e.message}`, extensions: { ...rest, ...annotations(id, SubgraphErrorCode.ERROR, code) } };
  });
}

/** Messages of a GraphQL response body, e.g. the real reason behind an HTTP 400 from a subgraph. */
function bodyMessages(body: unknown): { text?: string; code?: unknown } {
  if (typeof body === 'string') return body.trim() ? { text: body.trim().slice(0, 500) } : {};
  const errors = (body as { errors?: GraphQLFormattedError[] } | null)?.errors;
  if (!Array.isArray(errors) || errors.length === 0) return {};
  return { text: errors.map((e) => e.message).join('; '), code: errors[0]?.extensions?.code };
}

/** Turns a failed subgraph fetch (network, timeout, HTTP status, unusable body) into one GraphQL error. */
export function failureError(id: SubgraphIdentity, error: unknown, timeoutMs: number): GraphQLError {
  const err = error as { name?: string; message?: string; code?: unknown; cause?: { message?: string } };
  if (err.name === 'TimeoutError') {
    return new GraphQLError(`${id.label} did not answer within ${timeoutMs} ms`, {
      extensions: annotations(id, SubgraphErrorCode.TIMEOUT),
    });
  }
  // Set by RemoteGraphQLDataSource.errorFromResponse for non-2xx answers. Duck-typed: the gateway
  // (CommonJS) and this module may hold different copies of graphql's GraphQLError under a bundler.
  const response = (error as { extensions?: { response?: { status?: number; body?: unknown } } }).extensions?.response;
  if (response?.status) {
    const { text, code } = bodyMessages(response.body);
    const unavailable = [502, 503, 504].includes(response.status);
    return new GraphQLError(`${id.label} answered HTTP ${response.status}: ${text ?? err.message}`, {
      extensions: { ...annotations(id, unavailable ? SubgraphErrorCode.UNAVAILABLE : SubgraphErrorCode.ERROR, code), httpStatus: response.status },
    });
  }
  // Node system errors carry a code (ECONNREFUSED, ECONNRESET, ENOTFOUND …); fetch wraps them in `cause`.
  const detail = err.cause?.message ?? err.message ?? String(error);
  if (typeof err.code === 'string' || err.cause || err.name === 'AbortError') {
    return new GraphQLError(`${id.label} is unavailable: ${detail}`, { extensions: annotations(id, SubgraphErrorCode.UNAVAILABLE) });
  }
  return new GraphQLError(`${id.label} sent an unusable answer: ${detail}`, { extensions: annotations(id, SubgraphErrorCode.ERROR) });
}
