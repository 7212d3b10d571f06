import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { createVerifier, type SignatureVerdict, type VerifierOptions } from './signing.js';

type Refusal = Exclude<SignatureVerdict, { ok: true }>;

class SignatureRefused extends Error {
  readonly status = 401;
  constructor(readonly verdict: Refusal) {
    super(verdict.message);
  }
}

const verified = new WeakSet<IncomingMessage>();

/**
 * Express handlers for `/graphql` that let through only requests the gateway signed for this subgraph (see
 * signing.ts). The body is checked while it is read, before it is parsed, so an unsigned caller
 * learns nothing about how its request would have been handled; a request without a body (GET) is
 * checked right after. Refusals are HTTP 401 with a GraphQL-shaped error, code UNAUTHENTICATED.
 */
export function requireSignature(options: VerifierOptions & { limit?: string }): [RequestHandler, RequestHandler, ErrorRequestHandler] {
  const verify = createVerifier(options);
  const check = (req: IncomingMessage & { originalUrl?: string }, body: Uint8Array) => {
    const verdict = verify({ method: req.method ?? 'GET', path: req.originalUrl ?? req.url ?? '/', body, headers: req.headers });
    if (!verdict.ok) throw new SignatureRefused(verdict);
    verified.add(req);
  };
  const parseAndVerify = express.json({
    limit: options.limit ?? '1mb',
    verify: (req: IncomingMessage, _res: ServerResponse, buf: Buffer) => check(req, buf),
  });
  const verifyBodiless: RequestHandler = (req, _res, next) => {
    if (!verified.has(req)) check(req, new Uint8Array());
    next();
  };
  const answer: ErrorRequestHandler = (err, _req, res, next) => {
    if (!(err instanceof SignatureRefused)) return next(err);
    res
      .status(401)
      .set('www-authenticate', 'MigfedSignature')
      .json({
        errors: [{ message: err.message, extensions: { code: 'UNAUTHENTICATED', reason: err.verdict.reason } }],
      });
  };
  return [parseAndVerify, verifyBodiless, answer];
}
