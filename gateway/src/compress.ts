import { existsSync, statSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import compression from 'compression';
import type express from 'express';
import type { RequestHandler } from 'express';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

// What is worth compressing ahead of time: text, and fonts that are not compressed already (.ttf).
const PRECOMPRESSED = new Set(['.js', '.css', '.html', '.json', '.svg', '.ttf', '.map']);
const MIN_BYTES = 1024;

/**
 * Writes `file.br` and `file.gz` next to each compressible file of a static build, once at build
 * time: brotli at quality 9 with a 16 MiB window is about 10 % smaller than gzip -9 on the
 * explorer's bundles (higher qualities take minutes there), and a request then costs no CPU.
 */
export async function precompress(dir: string): Promise<void> {
  const files = (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile() && PRECOMPRESSED.has(extname(e.name)))
    .map((e) => join(e.parentPath, e.name));
  await Promise.all(
    files.map(async (file) => {
      const body = await readFile(file);
      if (body.length < MIN_BYTES) return;
      const [br, gz] = await Promise.all([
        brotli(body, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: 9,
            [constants.BROTLI_PARAM_LGWIN]: 24,
            [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
          },
        }),
        gzipAsync(body, { level: 9 }),
      ]);
      await Promise.all([writeFile(`${file}.br`, br), writeFile(`${file}.gz`, gz)]);
    }),
  );
}

const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

/**
 * Serves a static build's precompressed `.br`/`.gz` twin when the client accepts that encoding
 * (brotli first), with the original's content type; everything else falls through to
 * express.static. ETags come from the twin, so a cache never mixes encodings.
 */
export function servePrecompressed(dir: string, setHeaders?: (res: express.Response) => void): RequestHandler {
  const root = normalize(dir);
  return (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.app.locals.compression === false) return next();
    let path = decodeURIComponent(req.path);
    if (path.endsWith('/')) path += 'index.html';
    const file = normalize(join(root, path));
    if (!file.startsWith(root + sep) || !PRECOMPRESSED.has(extname(file))) return next();
    res.vary('Accept-Encoding');
    const encoding = ENCODINGS.find((e) => req.acceptsEncodings(e.name) === e.name && existsSync(file + e.suffix));
    if (!encoding || !statSync(file + encoding.suffix).isFile()) return next();
    res.type(extname(file));
    res.set('content-encoding', encoding.name);
    setHeaders?.(res);
    res.sendFile(file + encoding.suffix, { dotfiles: 'deny' }, (err) => err && next(err));
  };
}

/**
 * Compresses answers made at request time (GraphQL, SDMX, config.json) per Accept-Encoding:
 * brotli at a fast quality, else gzip; small answers (under 1 kB) and answers already encoded
 * (the precompressed static files) are sent as they are.
 */
export function compressAnswers(): RequestHandler {
  return compression({
    threshold: MIN_BYTES,
    brotli: { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } },
  }) as unknown as RequestHandler;
}
