// The last word on what an error may tell the public: no stack traces, no SQL, no
// internal addresses. Subgraph failures are already described in words (subgraph-errors.ts); this
// is the net under everything else, e.g. a message quoted from a member's subgraph.
import { serviceLogger } from '@migfed/subgraph-kit/observability';
import type { GraphQLFormattedError } from 'graphql';

// URLs, IPv4 with or without a port, bracketed IPv6 with a port, localhost:port.
const ADDRESS =
  /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>)]+|\b(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?\b|\[[0-9a-f:.]+\](?::\d{1,5})?|\blocalhost:\d{1,5}\b/gi;
// What SQL and driver errors look like when a subgraph forgot to mask them.
// Driver phrases and schema-qualified statements only, so that ordinary words ("select … from") pass.
const SQL =
  /\bFailed query\b|\bsyntax error at or near\b|\b(?:relation|column) "[^"]+" does not exist|\bviolates (?:unique|foreign key|check|not-null) constraint|\b(?:select\b[^;]{0,200}\bfrom|insert into|update|delete from)\s+"?\w+"?\."?\w+/i;

/** Replaces internal addresses with the name of the subgraph the error is about. */
export function scrubAddresses(text: string, subgraph?: string): string {
  return text.replace(ADDRESS, subgraph ? `[${subgraph}]` : '[internal address]');
}

/** Extensions that only ever carry internals: the gateway's raw HTTP response, exceptions, stacks. */
const INTERNAL_EXTENSIONS = new Set(['response', 'exception', 'stacktrace']);

/**
 * Apollo Server `formatError` for the gateway. The original error goes to `log` when anything had
 * to be removed, so an operator can still see what happened.
 */
export function createPublicErrorFormatter(log: Pick<Console, 'warn'> = serviceLogger('gateway')) {
  return (formatted: GraphQLFormattedError, original: unknown): GraphQLFormattedError => {
    const extensions = Object.fromEntries(Object.entries(formatted.extensions ?? {}).filter(([key]) => !INTERNAL_EXTENSIONS.has(key)));
    const subgraph = typeof extensions.subgraph === 'string' ? extensions.subgraph : undefined;
    let message = scrubAddresses(formatted.message, subgraph);
    if (SQL.test(message)) message = subgraph ? `${subgraph} failed internally; the details are in its log` : 'Internal server error';
    if (message !== formatted.message || Object.keys(extensions).length !== Object.keys(formatted.extensions ?? {}).length) {
      log.warn({ err: original }, `error shown to the client as "${message}"`);
    }
    return { ...formatted, message, ...(formatted.extensions ? { extensions } : {}) };
  };
}
