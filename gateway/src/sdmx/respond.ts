// Sending an SDMX answer: a small answer is buffered so it gets an ETag (and a 304 when the client
// has it) and may enter the response cache; a large one is streamed as it is written, without.
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { publicCacheControl } from '../cache/http.js';
import type { ResponseCache } from '../cache/response-cache.js';
import { SdmxError } from './errors.js';
import { errorMessage } from './structure-xml.js';

/** Answers up to this size are buffered (ETag, cache); larger ones are streamed. */
export const BUFFER_BYTES = 1024 * 1024;

export interface CacheSetup {
  cache: ResponseCache | undefined;
  clientMaxAgeS: number;
}

export interface Answer {
  contentType: string;
  chunks: Iterable<string>;
  /** Members missing from the answer: never cached, named in a header for every format. */
  missing: string[];
  /** Subgraphs the answer depends on (a publication of one of them ends its cached copy). */
  subgraphs: ReadonlySet<string>;
  /**
   * The cache's generation read before the members were asked: an answer computed while a member
   * published is not stored (it may hold the figures from before).
   */
  generation: number;
}

/** Read when a request starts, before any member is asked (see Answer.generation). */
export const generationOf = (setup: CacheSetup) => setup.cache?.generation ?? 0;

const etagOf = (body: string) => `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;

function notModified(req: Request, etag: string): boolean {
  const header = req.headers['if-none-match'];
  return !!header && header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag || t.trim() === '*');
}

export const cacheKeyOf = (req: Request, format: string) => `sdmx ${format} ${req.originalUrl}`;

/** Serves a cached answer, if there is one; true when the request is answered. */
export function fromCache(req: Request, res: Response, setup: CacheSetup, key: string, contentType: string): boolean {
  if (!setup.cache || req.headers.authorization || req.headers.cookie) return false;
  const entry = setup.cache.get(key);
  if (!entry) return false;
  const etag = etagOf(entry.body);
  res
    .set('cache-control', publicCacheControl(entry, setup.clientMaxAgeS))
    .set('age', String(Math.floor((Date.now() - entry.storedAt) / 1000)))
    .set('x-migfed-cache', 'HIT')
    .set('etag', etag)
    .set('vary', 'accept');
  if (notModified(req, etag)) res.status(304).end();
  else res.status(200).type(contentType).send(entry.body);
  return true;
}

export async function sendAnswer(req: Request, res: Response, setup: CacheSetup, key: string, answer: Answer): Promise<void> {
  const iterator = answer.chunks[Symbol.iterator]();
  const parts: string[] = [];
  let size = 0;
  let done = false;
  while (size < BUFFER_BYTES) {
    const next = iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    parts.push(next.value);
    size += next.value.length;
  }
  res.set('vary', 'accept');
  if (answer.missing.length) res.set('x-migfed-missing-members', answer.missing.join(','));
  if (done) {
    const body = parts.join('');
    const etag = etagOf(body);
    const anonymous = !req.headers.authorization && !req.headers.cookie;
    const entry = answer.missing.length === 0 && anonymous ? setup.cache?.set(key, body, answer.subgraphs, answer.generation) : undefined;
    if (entry) res.set('cache-control', publicCacheControl(entry, setup.clientMaxAgeS)).set('x-migfed-cache', 'MISS');
    // Without a cache entry: no-store for a partial answer, else revalidate with the ETag.
    else res.set('cache-control', answer.missing.length ? 'no-store' : 'no-cache');
    res.set('etag', etag);
    if (notModified(req, etag)) {
      res.status(304).end();
      return;
    }
    res.status(200).type(answer.contentType).send(body);
    return;
  }
  res
    .status(200)
    .type(answer.contentType)
    .set('cache-control', answer.missing.length ? 'no-store' : 'no-cache');
  const write = (chunk: string) => (res.write(chunk) ? Promise.resolve() : new Promise<void>((r) => res.once('drain', () => r())));
  await write(parts.join(''));
  for (let next = iterator.next(); !next.done; next = iterator.next()) {
    if (res.destroyed) return; // the client went away: stop writing
    await write(next.value);
  }
  res.end();
}

export type ErrorStyle = 'xml' | 'json' | 'text';

export function sendError(res: Response, err: unknown, style: ErrorStyle, log: Pick<Console, 'error'>): void {
  const e = err instanceof SdmxError ? err : new SdmxError(500, 'Internal server error');
  if (!(err instanceof SdmxError)) log.error({ err }, 'SDMX request failed');
  res.status(e.status).set('cache-control', 'no-store');
  if (style === 'json') {
    res
      .type('application/vnd.sdmx.data+json; version=2.0.0; charset=utf-8')
      .send(`${JSON.stringify({ errors: [{ code: e.code, title: e.title, detail: e.message }] })}\n`);
  } else if (style === 'text') {
    res.type('text/plain; charset=utf-8').send(`${e.code} ${e.title}: ${e.message}\n`);
  } else {
    res.type('application/xml; charset=utf-8').send(errorMessage(e.code, e.message));
  }
}
