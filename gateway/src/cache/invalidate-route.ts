// POST /internal/invalidate: a member tells the gateway it has published or revised. The
// request is signed with the member subgraph's own key (derived from SUBGRAPH_SIGNING_SECRET,
// @migfed/subgraph-kit/signing) and names its signer; a member may drop only its own figures.
// Body: { country, release?, visibleFrom? }, or {} to drop everything (not from a member).
import { createVerifier, deriveSubgraphKey, GATEWAY_AUDIENCE } from '@migfed/subgraph-kit/signing';
import express, { type RequestHandler } from 'express';
import type { Publication } from './response-cache.js';

export const INVALIDATE_PATH = '/internal/invalidate';

export function invalidationRoute(secret: string, invalidate: (p: Publication) => number): RequestHandler[] {
  // Derived per request, not cached: the signer's name comes from the request, and a cache keyed by
  // it would grow with every name an unauthenticated caller invents.
  const verify = createVerifier({ key: (signer) => deriveSubgraphKey(secret, signer), audience: GATEWAY_AUDIENCE });
  const handle: RequestHandler = (req, res) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const verdict = verify({ method: req.method, path: req.originalUrl, body: raw, headers: req.headers });
    if (!verdict.ok) return void res.status(401).json({ ok: false, error: verdict.message });
    let body: { country?: unknown; release?: unknown; visibleFrom?: unknown };
    try {
      body = raw.length ? (JSON.parse(raw.toString('utf8')) as typeof body) : {};
    } catch {
      return void res.status(400).json({ ok: false, error: 'the body is not JSON' });
    }
    const country = typeof body.country === 'string' && /^[A-Za-z]{3}$/.test(body.country) ? body.country.toUpperCase() : undefined;
    const visibleFrom = typeof body.visibleFrom === 'string' && !Number.isNaN(Date.parse(body.visibleFrom)) ? body.visibleFrom : undefined;
    if (body.country !== undefined && !country) return void res.status(400).json({ ok: false, error: 'country must be an ISO3 code' });
    const member = /^country_([a-z]{3})$/.exec(verdict.ok ? (verdict.signer ?? '') : '')?.[1]?.toUpperCase();
    if (member && country !== member)
      return void res
        .status(403)
        .json({ ok: false, error: `country_${member.toLowerCase()} may drop only its own figures (country ${member})` });
    const dropped = invalidate({
      ...(country ? { country } : {}),
      ...(visibleFrom ? { visibleFrom } : {}),
      ...(typeof body.release === 'string' ? { release: body.release } : {}),
    });
    res.set('cache-control', 'no-store').json({ ok: true, dropped });
  };
  // The signature covers the bytes as sent, so the body is read raw and parsed only after it.
  return [express.raw({ type: () => true, limit: '16kb' }), handle];
}
