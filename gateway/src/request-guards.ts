// Checks at the gateway's door, on the parsed JSON body and before Apollo reads it: what would
// otherwise cost a 500, a stack overflow or a large amount of work is refused with HTTP 400 and a
// message that says what is wrong and where. And a bound on the size of the answer sent back.
import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler, Response } from 'express';
import { GraphQLError, Kind, Lexer, Source, TokenKind } from 'graphql';

export const GuardErrorCode = {
  BAD_REQUEST: 'BAD_REQUEST',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  TOO_MANY_TOKENS: 'TOO_MANY_TOKENS',
  RESPONSE_TOO_LARGE: 'RESPONSE_TOO_LARGE',
  READ_ONLY: 'OPERATION_NOT_ALLOWED',
} as const;

/**
 * Nesting of the JSON body (variables included) beyond which it is refused. Real variables are
 * about five levels deep (`filter: [{ codes: [...] }]`); thousands of levels overflow the stack of
 * anything that walks them recursively (the response cache's key, loggers).
 */
export const MAX_JSON_DEPTH = 32;

function refuse(res: Response, status: number, code: string, message: string, extensions: Record<string, unknown> = {}): void {
  res.status(status).json({ errors: [{ message, extensions: { code, ...extensions } }] });
}

/** How deep a JSON value nests (iteratively: the value may be deeper than the stack). Stops counting at `limit + 1`. */
export function jsonDepth(value: unknown, limit = MAX_JSON_DEPTH): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (!v || typeof v !== 'object') continue;
    deepest = Math.max(deepest, depth);
    if (deepest > limit) return deepest;
    for (const child of Object.values(v)) if (child && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return deepest;
}

/** The same for JSON still in text (GET, or `variables` sent as a string): brackets outside strings. */
export function jsonTextDepth(text: string, limit = MAX_JSON_DEPTH): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i += 1;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      depth += 1;
      deepest = Math.max(deepest, depth);
      if (deepest > limit) return deepest;
    } else if (c === '}' || c === ']') depth -= 1;
  }
  return deepest;
}

/** `\u0000` or `\u{0}` in a GraphQL string literal. */
const GRAPHQL_NUL_ESCAPE = /\\u(?:0000|\{0+\})/;

/** Where the first NUL character is in a JSON value (`variables.filter[0].codes[1]`), if anywhere. */
export function findNul(value: unknown, at: string, limit = MAX_JSON_DEPTH): string | undefined {
  const stack: [unknown, string, number][] = [[value, at, 0]];
  while (stack.length > 0) {
    const [v, path, depth] = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return path;
    } else if (v && typeof v === 'object' && depth <= limit) {
      for (const [key, child] of Object.entries(v)) stack.push([child, Array.isArray(v) ? `${path}[${key}]` : `${path}.${key}`, depth + 1]);
    }
  }
  return undefined;
}

/** Lexical tokens of a GraphQL document, counted up to `limit + 1` (a syntax error stops the count: Apollo explains it). */
export function countTokens(query: string, limit: number): number {
  const lexer = new Lexer(new Source(query));
  let count = 0;
  try {
    while (count <= limit && lexer.advance().kind !== TokenKind.EOF) count += 1;
  } catch {
    return count;
  }
  return count;
}

/**
 * For /graphql after the JSON body is parsed: one operation per request (no batched arrays), no
 * JSON nested past MAX_JSON_DEPTH, no NUL character in the document or the variables, and at most
 * `maxTokens` tokens in the document.
 */
export function requestGuard(maxTokens = Number.POSITIVE_INFINITY): RequestHandler {
  return (req, res, next) => {
    const body: unknown = req.method === 'GET' ? req.query : req.body;
    if (Array.isArray(body)) {
      return refuse(
        res,
        400,
        GuardErrorCode.BAD_REQUEST,
        `The body is a list of ${body.length} operations; the gateway takes one operation per request: send them one by one`,
      );
    }
    if (!body || typeof body !== 'object') return next();
    const { query, variables, operationName } = body as Record<string, unknown>;
    const depth = typeof variables === 'string' ? jsonTextDepth(variables) : jsonDepth(body);
    if (depth > MAX_JSON_DEPTH) {
      return refuse(
        res,
        400,
        GuardErrorCode.BAD_REQUEST,
        `The request nests its JSON more than ${MAX_JSON_DEPTH} levels deep; no argument of this graph needs that much`,
        { limit: MAX_JSON_DEPTH },
      );
    }
    const nul =
      (typeof query === 'string' && (query.includes('\u0000') || GRAPHQL_NUL_ESCAPE.test(query)) ? 'query' : undefined) ??
      (typeof operationName === 'string' && operationName.includes('\u0000') ? 'operationName' : undefined) ??
      (typeof variables === 'string'
        ? variables.includes('\u0000') || /\\u0000/.test(variables)
          ? 'variables'
          : undefined
        : findNul(variables, 'variables'));
    if (nul) {
      return refuse(
        res,
        400,
        GuardErrorCode.BAD_USER_INPUT,
        `${nul} contains a NUL character (\\u0000), which no value of this graph may hold`,
        {
          path: nul,
        },
      );
    }
    if (typeof query === 'string') {
      const tokens = countTokens(query, maxTokens);
      if (tokens > maxTokens) {
        return refuse(
          res,
          400,
          GuardErrorCode.TOO_MANY_TOKENS,
          `The query has more than ${maxTokens} tokens; write it with fewer fields, aliases or fragments, or split it`,
          { limit: maxTokens },
        );
      }
    }
    next();
  };
}

/**
 * Bounds the answer one request may get: a larger body is replaced, before anything is sent, by
 * an HTTP 400 saying how large it would have been. Express sends a whole GraphQL answer in one
 * `res.end`, so the body is measured there without serialising it twice.
 */
export function responseSizeGuard(maxBytes: number): RequestHandler {
  return (_req, res, next) => {
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    res.end = ((...args: unknown[]) => {
      const [chunk] = args;
      const size = typeof chunk === 'string' ? Buffer.byteLength(chunk) : Buffer.isBuffer(chunk) ? chunk.length : 0;
      if (size <= maxBytes || res.headersSent) return end(...args);
      const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
      const body = JSON.stringify({
        errors: [
          {
            message: `The answer would be ${mib(size)}, more than the ${mib(maxBytes)} one request may get: ask for fewer members, periods or fields at a time`,
            extensions: { code: GuardErrorCode.RESPONSE_TOO_LARGE, limit: maxBytes, found: size },
          },
        ],
      });
      res.status(400);
      res.removeHeader('etag');
      res.setHeader('content-type', 'application/json; charset=utf-8');
      res.setHeader('content-length', String(Buffer.byteLength(body)));
      res.setHeader('cache-control', 'no-store');
      return end(body);
    }) as Response['end'];
    next();
  };
}

/** The public graph is read-only: a mutation or subscription is the caller's mistake (400), not a server error. */
export function readOnlyPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request }) {
          if (!operation) {
            // Apollo leaves this to the executor, which @apollo/gateway answers with a 500.
            const count = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION).length;
            const message = request.operationName
              ? `The document has no operation named "${request.operationName}"`
              : `The document has ${count} operations; say which one to run with operationName`;
            throw new GraphQLError(message, { extensions: { code: GuardErrorCode.BAD_REQUEST, http: { status: 400 } } });
          }
          if (operation.operation === 'query') return;
          throw new GraphQLError(
            `The gateway answers queries only, not a ${operation.operation}: figures are published through each member's /admin routes`,
            { extensions: { code: GuardErrorCode.READ_ONLY, http: { status: 400 } } },
          );
        },
      };
    },
  };
}
