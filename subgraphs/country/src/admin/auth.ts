import type { DbHandle } from '@migfed/subgraph-kit';
import type { Request } from 'express';
import type { Actor } from '../publishing/audit.js';
import { checkToken, type TokenCheck } from '../publishing/tokens.js';

export function bearer(req: Request): string | undefined {
  const header = req.headers.authorization;
  const m = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return m?.[1];
}

/** Checks the request's focal-point token for this member. */
export function authenticate(handle: DbHandle, country: string, req: Request): Promise<TokenCheck> {
  return handle.transaction((session) => checkToken(session, country, bearer(req)));
}

export const actorOf = (check: Extract<TokenCheck, { ok: true }>): Actor => ({ tokenId: check.tokenId, name: check.holder });

/** Loopback callers only: the demo's stand-in for an operator at the server's console. */
export function isLoopback(req: Request): boolean {
  const address = req.socket.remoteAddress ?? '';
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}
