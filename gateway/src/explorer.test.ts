// Builds GraphiQL + Monaco with esbuild into a temporary folder (a few seconds, up to ~30 s on a
// loaded machine), hence the long timeouts.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeSupergraph, countrySdl, registrySdl, supergraphPath } from '@migfed/schema';
import { buildASTSchema, parse, validate } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExplorer } from './explorer-build.js';
import { asOfArgumentType, EXPLORER_EXAMPLE_TABS, exampleTabs } from './explorer.js';
import { startGateway, type RunningGateway } from './server.js';

let workDir: string;
let gateway: RunningGateway;
let supergraphSdl: string;
const customTabs = [{ query: '{ countries { iso3 } }', variables: '{}' }];

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'migfed-explorer-'));
  // The gateway never calls these URLs here: it only serves pages.
  const composed = composeSupergraph([
    { name: 'registry', url: 'http://127.0.0.1:9/graphql', typeDefs: registrySdl(['MDA']) },
    { name: 'country_mda', url: 'http://127.0.0.1:9/graphql', typeDefs: countrySdl('MDA') },
  ]);
  if (composed.errors) throw new Error(composed.errors.join('\n'));
  supergraphSdl = composed.supergraphSdl;
  // A short drain: the test waits for no request at stop, and its hook must not wait out the default grace.
  gateway = await startGateway({
    supergraphSdl,
    port: 0,
    shutdownGraceMs: 1000,
    explorer: { dir: join(workDir, 'explorer'), defaultTabs: customTabs },
  });
}, 120_000);

afterAll(async () => {
  await gateway?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
}, 30_000);

async function get(path: string) {
  const res = await fetch(new URL(path, `${gateway.url}/explorer/`));
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text(), url: res.url };
}

describe('/explorer: GraphiQL that works on a network without internet', () => {
  it('is where / and a browser opening /graphql land', async () => {
    for (const [path, accept] of [
      ['/', 'text/html'],
      ['/explorer', 'text/html'],
      ['/graphql', 'text/html,application/xhtml+xml'],
    ] as const) {
      const res = await fetch(`${gateway.url}${path}`, { headers: { accept } });
      expect([res.status, new URL(res.url).pathname]).toEqual([200, '/explorer/']);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    }
  });

  it('loads every script, style, worker and font from the gateway itself', async () => {
    const index = await get('/explorer/');
    expect(index.text).not.toMatch(/https?:\/\/(?!127\.0\.0\.1|localhost)/);
    const refs = [...index.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!).filter((r) => !r.startsWith('data:'));
    expect(refs.sort()).toEqual(['./app.css', './app.js']);

    const app = await get('app.js');
    const css = await get('app.css');
    expect([app.status, app.type]).toEqual([200, expect.stringMatching(/javascript/)]);
    expect([css.status, css.type]).toEqual([200, expect.stringMatching(/text\/css/)]);

    const workers = [...new Set(app.text.match(/[\w.-]+\.worker\.js/g))].sort();
    expect(workers).toEqual(['editor.worker.js', 'graphql.worker.js', 'json.worker.js']);
    const fonts = [...css.text.matchAll(/url\("?(\.\/[^")]+)"?\)/g)].map((m) => m[1]!);
    expect(fonts.length).toBeGreaterThan(0);
    expect(css.text).not.toMatch(/url\("?https?:/);
    for (const asset of [...workers, ...fonts]) {
      const res = await get(asset);
      expect([asset, res.status, res.text.length > 1000]).toEqual([asset, 200, true]);
    }
  });

  it('sends the same security headers as /reports: a content security policy, nosniff, no framing by other sites', async () => {
    for (const path of ['/explorer/', '/explorer/app.js', '/explorer/config.json']) {
      const res = await fetch(`${gateway.url}${path}`);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      const csp = res.headers.get('content-security-policy') ?? '';
      for (const rule of ["default-src 'self'", "script-src 'self'", "connect-src 'self'", "object-src 'none'", "frame-ancestors 'self'"])
        expect(csp, path).toContain(rule);
    }
  });

  it('opens with the operations the gateway was given', async () => {
    const config = JSON.parse((await get('/explorer/config.json')).text) as unknown;
    expect(config).toEqual({ graphqlUrl: '/graphql', defaultTabs: customTabs });
  });

  it('ships an example for each main job: regional table, breakdown by citizenship, metadata and documents', () => {
    const tabs = EXPLORER_EXAMPLE_TABS.map((t) => t.query.replace(/\s+/g, ' '));
    expect(tabs[0]).toContain(
      '{ countries { iso3 name observations(indicator: "WORK_PERMITS_ISSUED", from: "2019", to: "2023") { period value status confidentiality } } }',
    );
    expect(tabs[1]).toContain('filter: [{ dimension: "CITIZENSHIP"');
    expect(tabs[2]).toMatch(/metadata\(indicator: "WORK_PERMITS_ISSUED"\) \{ nationalDefinition differenceFromAgreed .* documents \{/);
    // Every example validates against the graph the gateway serves.
    const schema = buildASTSchema(parse(supergraphSdl));
    for (const tab of EXPLORER_EXAMPLE_TABS) expect(validate(schema, parse(tab.query)).map((e) => e.message)).toEqual([]);
  });

  it('offers the revision, side-by-side, partner-series and matrix examples only when the graph can answer them', () => {
    const names = (tabs: { query: string }[]) => tabs.map((t) => /query (\w+)/.exec(t.query)?.[1]);
    // The committed DSM supergraph: registry, members and providers, as production serves it.
    const dsm = readFileSync(supergraphPath('dsm'), 'utf8');
    const all = exampleTabs(dsm);
    expect(names(all)).toEqual([...names(EXPLORER_EXAMPLE_TABS), 'Revision', 'SideBySide', 'PartnerSeries', 'Matrix']);
    const schema = buildASTSchema(parse(dsm));
    for (const tab of all) expect(validate(schema, parse(tab.query)).map((e) => e.message)).toEqual([]);
    const withoutAsOf = dsm.replace(/, asOf: DateTime/g, '');
    expect(asOfArgumentType(withoutAsOf)).toBeNull();
    expect(names(exampleTabs(withoutAsOf))).not.toContain('Revision');
    const withoutProvider = dsm.replace(/\n\s*asylumApplicationsComparison\(/g, '\n  comparisonRemoved(');
    expect(names(exampleTabs(withoutProvider))).not.toContain('SideBySide');
    const withoutMatrix = dsm.replace(/\n\s*bilateralMatrix\(/g, '\n  matrixRemoved(');
    expect(names(exampleTabs(withoutMatrix))).not.toContain('Matrix');
    const withoutBreakdown = dsm.replace(/\n\s*breakdown\(/g, '\n  breakdownRemoved(');
    expect(names(exampleTabs(withoutBreakdown))).not.toContain('PartnerSeries');
  });
});

describe('buildExplorer', () => {
  it('does not rebuild an up-to-date explorer, and rebuilds when forced', async () => {
    const outDir = join(workDir, 'explorer');
    expect(await buildExplorer({ outDir })).toMatchObject({ built: false });
    expect(await buildExplorer({ outDir, force: true })).toMatchObject({ built: true, outDir });
  }, 120_000);
});
