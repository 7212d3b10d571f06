import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/** The codes the gateway puts on errors that come from a subgraph (extensions.code). */
export const SubgraphErrorCode = {
  /** Network failure (refused, reset, DNS) or HTTP 502/503/504 in front of the subgraph. */
  UNAVAILABLE: 'SUBGRAPH_UNAVAILABLE',
  /** No complete answer within the gateway's per-fetch timeout. */
  TIMEOUT: 'SUBGRAPH_TIMEOUT',
  /** The subgraph answered, with GraphQL errors, another HTTP error or a body that is not GraphQL. */
  ERROR: 'SUBGRAPH_ERROR',
  /** Skipped without a fetch: it failed too often in a row; the gateway tries it again after a cool-down. */
  CIRCUIT_OPEN: 'SUBGRAPH_CIRCUIT_OPEN',
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
  // Every query starts at the registry, so when it is down nothing else can be asked: say so plainly.
  if (name === 'registry') return { subgraph: name, label: 'The registry (membership and catalog)' };
  return { subgraph: name, label: `Subgraph ${name}` };
}

// The gateway's error paths are wrong for type-exploded entity fetches (it uses the
// index in the batch sent to that country, not the index in the full list), so `country` and
// `subgraph` are what make an error attributable. A subgraph's own code moves to `subgraphCode`;
// its stack traces and exception details are dropped so that none reach a client.
function annotations(id: SubgraphIdentity, code: SubgraphErrorCode, subgraphCode?: unknown, reason?: string) {
  return {
    code,
    subgraph: id.subgraph,
    ...(id.country ? { country: id.country } : {}),
    ...(typeof subgraphCode === 'string' ? { subgraphCode } : {}),
    ...(reason ? { reason } : {}),
  };
}

/** What a subgraph answers when its own database cannot be reached (subgraphs/kit errors.ts). */
const DATA_SOURCE_UNAVAILABLE = 'DATA_SOURCE_UNAVAILABLE';

/** Annotates the GraphQL errors of a subgraph's (HTTP 200) response. */
export function annotateResponseErrors(id: SubgraphIdentity, errors: readonly GraphQLFormattedError[]): GraphQLFormattedError[] {
  return errors.map((e) => {
    const { stacktrace: _s, exception: _e, code, ...rest } = e.extensions ?? {};
    if (code === DATA_SOURCE_UNAVAILABLE) {
      const message = `${id.label} is unavailable: its data source (database) cannot be reached`;
      return { ...e, message, extensions: { ...rest, ...annotations(id, SubgraphErrorCode.UNAVAILABLE, code, DATA_SOURCE_UNAVAILABLE) } };
    }
    return { ...e, message: `${id.label}: ${e.message}`, extensions: { ...rest, ...annotations(id, SubgraphErrorCode.ERROR, code) } };
  });
}

/** True when a subgraph's (HTTP 200) answer says it cannot reach its database: the circuit breaker counts it. */
export const reportsDataSourceDown = (errors: readonly GraphQLFormattedError[] | undefined): boolean =>
  errors?.some((e) => e.extensions?.subgraphCode === DATA_SOURCE_UNAVAILABLE || e.extensions?.code === DATA_SOURCE_UNAVAILABLE) ?? false;

/**
 * A member's own refusals of oversized work (subgraphs/kit errors.ts): the query asked for too many
 * rows, or ran past the member's statement timeout. One client's heavy queries must not open the
 * circuit that protects everyone else's reports, so the circuit breaker counts them as neither
 * success nor failure.
 */
export const OVERSIZED_WORK_CODES: ReadonlySet<string> = new Set(['ROW_LIMIT', 'STATEMENT_TIMEOUT']);

export const refusesOversizedWork = (errors: readonly GraphQLFormattedError[] | undefined): boolean =>
  errors?.some((e) => OVERSIZED_WORK_CODES.has(String(e.extensions?.subgraphCode ?? e.extensions?.code))) ?? false;

/** The error for a fetch the circuit breaker skipped. */
export function circuitOpenError(id: SubgraphIdentity, failures: number, retryInMs: number): GraphQLError {
  const seconds = Math.max(1, Math.ceil(retryInMs / 1000));
  return new GraphQLError(
    `${id.label} is unavailable: skipped after ${failures} failed requests in a row; the gateway tries it again in ${seconds} s`,
    {
      extensions: { ...annotations(id, SubgraphErrorCode.CIRCUIT_OPEN, undefined, 'CIRCUIT_OPEN'), retryInMs },
    },
  );
}

/** Messages of a GraphQL response body, e.g. the real reason behind an HTTP 400 from a subgraph. */
function bodyMessages(body: unknown): { text?: string; code?: unknown } {
  const errors = (body as { errors?: GraphQLFormattedError[] } | null)?.errors;
  if (!Array.isArray(errors) || errors.length === 0) return {};
  return { text: errors.map((e) => e.message).join('; '), code: errors[0]?.extensions?.code };
}

// Network failures in words, never with the address: `connect ECONNREFUSED 10.0.4.7:4107` would
// tell the public where a member's server lives. The full error goes to the gateway's log.
const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection reset',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name not found',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_SOCKET: 'connection reset',
};

function networkCode(err: { code?: unknown; cause?: { code?: unknown } }): string | undefined {
  const code = typeof err.code === 'string' ? err.code : err.cause?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Turns a failed subgraph fetch (network, timeout, HTTP status, unusable body) into one GraphQL
 * error for the client. Its message names the member and the reason and never carries a URL, an
 * address or a raw body: `details` (for the log) has those.
 */
export function failureError(id: SubgraphIdentity, error: unknown, timeoutMs: number): GraphQLError {
  const err = error as { name?: string; message?: string; code?: unknown; cause?: { message?: string; code?: unknown } };
  if (err.name === 'TimeoutError') {
    return new GraphQLError(`${id.label} did not answer within ${timeoutMs} ms`, {
      extensions: annotations(id, SubgraphErrorCode.TIMEOUT, undefined, 'TIMEOUT'),
    });
  }
  // Set by RemoteGraphQLDataSource.errorFromResponse for non-2xx answers. Duck-typed: the gateway
  // (CommonJS) and this module may hold different copies of graphql's GraphQLError under a bundler.
  const response = (error as { extensions?: { response?: { status?: number; body?: unknown } } }).extensions?.response;
  if (response?.status) {
    const { status } = response;
    const { text, code } = bodyMessages(response.body);
    const unavailable = [502, 503, 504].includes(status);
    // A GraphQL error body from a 4xx is the subgraph's own (masked) message; anything else, e.g. a
    // proxy's HTML error page, is described, not quoted.
    const why =
      text && status < 500
        ? text
        : unavailable
          ? 'the member is unreachable behind its proxy'
          : status >= 500
            ? 'a server error'
            : 'the request was refused';
    return new GraphQLError(`${id.label} answered HTTP ${status}: ${why}`, {
      extensions: {
        ...annotations(id, unavailable ? SubgraphErrorCode.UNAVAILABLE : SubgraphErrorCode.ERROR, code, `HTTP_${status}`),
        httpStatus: status,
      },
    });
  }
  const code = networkCode(err);
  if (code || err.cause || err.name === 'AbortError') {
    const reason = (code && NETWORK_REASONS[code]) ?? 'network error';
    return new GraphQLError(`${id.label} is unavailable: ${reason}`, {
      extensions: annotations(id, SubgraphErrorCode.UNAVAILABLE, undefined, code ?? 'NETWORK_ERROR'),
    });
  }
  return new GraphQLError(`${id.label} sent an answer that is not GraphQL`, {
    extensions: annotations(id, SubgraphErrorCode.ERROR, undefined, 'NOT_GRAPHQL'),
  });
}

/**
 * The failure as the operator needs it in the log (addresses, status, the codes the subgraph
 * answered with); never sent to clients. Not the body's messages: a refusal quotes the variable
 * it refused, and no query's variables go to a log.
 */
export function failureDetails(error: unknown): string {
  const err = error as {
    message?: string;
    cause?: { message?: string };
    extensions?: { response?: { url?: string; status?: number; body?: unknown } };
  };
  const response = err.extensions?.response;
  if (response?.status) {
    const errors = (response.body as { errors?: { extensions?: { code?: unknown } }[] } | undefined)?.errors;
    const codes = Array.isArray(errors) ? errors.map((e) => String(e?.extensions?.code ?? 'no code')).slice(0, 10) : [];
    return `HTTP ${response.status} from ${response.url ?? '?'}${codes.length ? `: ${codes.join(', ')}` : ''}`;
  }
  return [err.message, err.cause?.message].filter(Boolean).join(': ') || String(error);
}
