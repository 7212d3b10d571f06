// /reports as served by the gateway; what the page does is tested in a real browser
// (tests/browser/reports.e2e.test.ts) and its pure parts beside them (gateway/reports/app/*.test.ts).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { composeSupergraph, countrySdl, registrySdl } from '@migfed/schema';
import { buildASTSchema, parse, validate } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODES_QUERY, OVERVIEW_QUERY, reportQuery, START_QUERY } from '../reports/app/queries.js';
import { startGateway, type RunningGateway } from './server.js';

let workDir: string;
let gateway: RunningGateway;
let bare: RunningGateway;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'migfed-reports-'));
  // The gateway never calls these URLs here: it only serves pages.
  const composed = composeSupergraph([
    { name: 'registry', url: 'http://127.0.0.1:9/graphql', typeDefs: registrySdl(['MDA']) },
    { name: 'country_mda', url: 'http://127.0.0.1:9/graphql', typeDefs: countrySdl('MDA') },
  ]);
  if (composed.errors) throw new Error(composed.errors.join('\n'));
  const common = { supergraphSdl: composed.supergraphSdl, port: 0, explorer: false as const };
  gateway = await startGateway({ ...common, reports: { dir: join(workDir, 'reports') } });
  bare = await startGateway({ ...common, reports: false });
}, 60_000);

afterAll(async () => {
  await gateway?.stop();
  await bare?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe('/reports: the report builder page', () => {
  it('keeps a permalink’s query string when it adds the trailing slash', async () => {
    for (const [path, target] of [
      ['/reports', '/reports/'],
      ['/reports?indicator=WORK_PERMITS_ISSUED&from=2015', '/reports/?indicator=WORK_PERMITS_ISSUED&from=2015'],
    ]) {
      const res = await fetch(`${gateway.url}${path}`, { redirect: 'manual' });
      expect([res.status, res.headers.get('location')]).toEqual([301, target]);
    }
  });

  it('is one page, one script and one stylesheet, all from the gateway, small enough to load fast', async () => {
    const page = await fetch(`${gateway.url}/reports/`);
    const html = await page.text();
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(html).not.toMatch(/https?:\/\//);
    const refs = [...new Set([...html.matchAll(/(?:src|href)="(\.\/[^"]+)"/g)].map((m) => m[1]!))].sort();
    expect(refs).toEqual(['./app.js', './reports.css']);
    for (const [asset, type] of [
      ['app.js', /javascript/],
      ['reports.css', /text\/css/],
    ] as const) {
      const res = await fetch(`${gateway.url}/reports/${asset}`);
      const body = await res.text();
      expect([asset, res.status, res.headers.get('content-type')]).toEqual([asset, 200, expect.stringMatching(type)]);
      expect(body.length).toBeLessThan(100_000); // no framework: tens of kilobytes, not megabytes
    }
  });

  it('can be left out', async () => {
    expect((await fetch(`${bare.url}/reports/`)).status).toBe(404);
  });
});

describe('the report builder’s browser code', () => {
  it('sends operations that validate against the committed DSM supergraph', () => {
    const schema = buildASTSchema(
      parse(readFileSync(fileURLToPath(new URL('../../schema/supergraph/dsm.graphql', import.meta.url)), 'utf8')),
    );
    for (const text of [START_QUERY, OVERVIEW_QUERY, CODES_QUERY, reportQuery(false), reportQuery(true)]) {
      expect(validate(schema, parse(text)).map((e) => e.message)).toEqual([]);
    }
  });
});
