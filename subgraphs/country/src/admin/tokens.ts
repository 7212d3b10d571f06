import type { DbHandle } from '@migfed/subgraph-kit';
import express, { type Request, type Response } from 'express';
import { audit } from '../publishing/audit.js';
import { parseTokenId } from '../publishing/names.js';
import { createToken, listTokens, revokeToken } from '../publishing/tokens.js';
import { isLoopback } from './auth.js';

const OPERATOR = { tokenId: null, name: 'local operator' };

/**
 * Token management over HTTP exists only for the embedded demo (loopback, LOCAL_ADMIN). In
 * production the operator runs `migfed token create --database-url …` on the member's server.
 */
export function tokenRoutes(handle: DbHandle, country: string, localAdmin: boolean) {
  const router = express.Router();
  router.use((req: Request, res: Response, next) => {
    if (localAdmin && isLoopback(req)) return next();
    res.status(403).json({
      error: {
        code: 'FORBIDDEN',
        message: `tokens for ${country} are managed by the operator: run "npm run migfed -- token create --country ${country} --database-url <the member's database>" on its server`,
      },
    });
  });
  router.get('/', async (_req, res) => {
    res.json({ tokens: await handle.transaction((s) => listTokens(s, country)) });
  });
  router.post('/', express.json({ limit: '10kb' }), async (req, res) => {
    const holder =
      typeof req.body?.holder === 'string' && req.body.holder.trim() ? req.body.holder.trim().slice(0, 200) : `focal point of ${country}`;
    const created = await handle.transaction(async (s) => {
      const token = await createToken(s, country, holder);
      await audit(s, { country, actor: OPERATOR, action: 'token-create', release: null, cells: 0, detail: { tokenId: token.id, holder } });
      return token;
    });
    res.status(201).json({ id: created.id, holder, token: created.token });
  });
  router.delete('/:id', async (req, res) => {
    const id = parseTokenId(req.params.id);
    if (id === undefined) {
      res.status(400).json({
        error: {
          code: 'BAD_USER_INPUT',
          message: `"${req.params.id.slice(0, 40)}" is not a token number (digits, e.g. 3; see the token list)`,
        },
      });
      return;
    }
    const revoked = await handle.transaction(async (s) => {
      const done = await revokeToken(s, country, id);
      if (done) await audit(s, { country, actor: OPERATOR, action: 'token-revoke', release: null, cells: 0, detail: { tokenId: id } });
      return done;
    });
    if (revoked) res.json({ id, revoked: true });
    else res.status(404).json({ error: { code: 'NOT_FOUND', message: `no active token ${req.params.id} for ${country}` } });
  });
  return router;
}
