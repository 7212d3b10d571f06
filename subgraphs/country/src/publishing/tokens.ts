import { createHash, randomBytes } from 'node:crypto';
import type { SqlSession } from '@migfed/subgraph-kit';

/** Tokens are 192 random bits, so a plain SHA-256 is enough to store them (no dictionary to fear). */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** `mf_mda_…`: the country in the token lets us say "this token is GEO's" without a lookup elsewhere. */
export function newToken(country: string): string {
  return `mf_${country.toLowerCase()}_${randomBytes(24).toString('base64url')}`;
}

export async function createToken(session: SqlSession, country: string, holder: string): Promise<{ id: number; token: string }> {
  const token = newToken(country);
  const [row] = await session.query<{ id: number }>(`insert into country.tokens (country, holder, hash) values ($1, $2, $3) returning id`, [
    country,
    holder,
    hashToken(token),
  ]);
  return { id: row!.id, token };
}

export async function revokeToken(session: SqlSession, country: string, id: number): Promise<boolean> {
  const rows = await session.query(
    `update country.tokens set revoked_at = now() where country = $1 and id = $2 and revoked_at is null returning id`,
    [country, id],
  );
  return rows.length > 0;
}

export interface TokenInfo extends Record<string, unknown> {
  id: number;
  holder: string;
  created_at: Date;
  revoked_at: Date | null;
}

export function listTokens(session: SqlSession, country: string): Promise<TokenInfo[]> {
  return session.query<TokenInfo>(`select id, holder, created_at, revoked_at from country.tokens where country = $1 order by id`, [
    country,
  ]);
}

export type TokenCheck =
  | { ok: true; tokenId: number; holder: string }
  | { ok: false; status: 401 | 403; code: 'UNAUTHENTICATED' | 'FORBIDDEN'; message: string };

/** Checks a bearer token against this member's credentials; the message says what is wrong. */
export async function checkToken(session: SqlSession, country: string, token: string | undefined): Promise<TokenCheck> {
  if (!token) {
    return {
      ok: false,
      status: 401,
      code: 'UNAUTHENTICATED',
      message: `writes to ${country} need a focal point's token: send "Authorization: Bearer <token>" (the CLI reads MIGFED_TOKEN)`,
    };
  }
  const [row] = await session.query<{ id: number; country: string; holder: string; revoked_at: Date | string | null }>(
    `select id, country, holder, revoked_at from country.tokens where hash = $1`,
    [hashToken(token)],
  );
  if (!row) {
    const named = /^mf_([a-z]{3})_/.exec(token)?.[1]?.toUpperCase();
    const hint =
      named && named !== country ? ` (it looks like a token of ${named}, and only ${country}'s focal points may write here)` : '';
    return { ok: false, status: 403, code: 'FORBIDDEN', message: `this token is not valid for ${country}${hint}` };
  }
  if (row.country !== country) {
    return {
      ok: false,
      status: 403,
      code: 'FORBIDDEN',
      message: `this token belongs to ${row.country}; only ${country}'s focal points may write here`,
    };
  }
  if (row.revoked_at)
    return { ok: false, status: 403, code: 'FORBIDDEN', message: `this token was revoked on ${new Date(row.revoked_at).toISOString()}` };
  return { ok: true, tokenId: row.id, holder: row.holder };
}
