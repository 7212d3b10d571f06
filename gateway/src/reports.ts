import express, { type Express } from 'express';
import { buildReports, defaultReportsDir } from '../reports/build.js';
import { servePrecompressed } from './compress.js';

export interface ReportsOptions {
  /** Where the built report builder is (built when missing or stale); default gateway/dist/reports. */
  dir?: string;
}

type Log = Pick<Console, 'info' | 'warn'>;

// Everything the page loads comes from the gateway itself; it talks only to /graphql. Member data
// (names, definitions) is rendered as text, and this policy is the second line against injection.
// blob: and data: are for the chart's PNG export (an SVG drawn on a canvas) and downloads.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self'",
  "script-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'self'",
].join('; ');

/**
 * Serves the report builder at /reports/ (one HTML page, one script, one stylesheet; built with
 * esbuild first when missing or older than its sources). The page reads everything through
 * /graphql, so it needs no endpoint of its own. When the build is impossible (a production install
 * without devDependencies and no prebuilt dist/reports), /reports answers 503 saying how to build it.
 */
export async function mountReports(app: Express, options: ReportsOptions, log: Log): Promise<void> {
  const dir = options.dir ?? defaultReportsDir;
  let available = true;
  try {
    const { built, ms } = await buildReports({ outDir: dir });
    if (built) log.info(`gateway: report builder built in ${dir} (${ms} ms)`);
  } catch (err) {
    available = false;
    log.warn(`gateway: the report builder could not be built, /reports is unavailable: ${(err as Error).message}`);
  }
  // Relative asset URLs in index.html need the trailing slash; a permalink's query string is kept.
  app.get('/reports', (req, res, next) => {
    if (req.path !== '/reports') return next();
    const q = req.originalUrl.indexOf('?');
    res.redirect(301, `/reports/${q >= 0 ? req.originalUrl.slice(q) : ''}`);
  });
  if (!available) {
    app.use('/reports', (_req, res) => {
      res
        .status(503)
        .type('text/plain')
        .send('The report builder is not built: run `pnpm --filter @migfed/gateway exec tsx reports/build.ts`.\n');
    });
    return;
  }
  app.use(
    '/reports',
    (_req, res, next) => {
      res.set('content-security-policy', CONTENT_SECURITY_POLICY);
      res.set('x-content-type-options', 'nosniff');
      next();
    },
    // The page is small and changes with each build: revalidate (ETag) rather than cache blindly.
    servePrecompressed(dir, (res) => res.set('cache-control', 'no-cache')),
    express.static(dir, {
      index: 'index.html',
      fallthrough: true,
      setHeaders: (res) => res.set('cache-control', 'no-cache'),
    }),
  );
}
