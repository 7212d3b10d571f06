// Production shape: each part runs as its own process from its main.ts, configured only
// by environment variables, each member on its own PostgreSQL database; the gateway serves a
// static supergraph file. The gateway holds the master signing secret; each subgraph holds only
// its own key, derived by `migfed signing-key` as an operator would. Then every process stops
// cleanly on SIGTERM.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeRegion, loadRegion, type RegionDef } from '@migfed/schema';
import { seedCountry } from '@migfed/subgraph-country';
import { createDb } from '@migfed/subgraph-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workPermits } from '../fixtures/observations.js';
import { migfed } from '../harness/cli.js';
import { testDatabase, type TestDatabase } from '../harness/context.js';
import { gql } from '../harness/graphql.js';
import { freePort, type RunningProcess, startProcess } from '../harness/processes.js';

describe('every part as its own process', () => {
  const processes: RunningProcess[] = [];
  const databases: TestDatabase[] = [];
  let dir: string;
  let gatewayUrl: string;
  let mdaDirect: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'migfed-processes-'));
    const [registryPort, mdaPort, geoPort, gatewayPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
    const dsm = loadRegion('dsm');
    const region: RegionDef = {
      ...dsm,
      id: 'processes',
      registry: { url: `http://127.0.0.1:${registryPort}/graphql` },
      providers: [],
      members: dsm.members
        .filter((m) => ['GEO', 'MDA'].includes(m.iso3))
        .map((m) => ({ ...m, url: `http://127.0.0.1:${m.iso3 === 'MDA' ? mdaPort : geoPort}/graphql` })),
    };
    const regionFile = join(dir, 'region.json');
    await writeFile(regionFile, JSON.stringify(region));
    const supergraph = join(dir, 'supergraph.graphql');
    await writeFile(supergraph, composeRegion(region));

    const db = async (name: string) => {
      const d = await testDatabase(name);
      databases.push(d);
      return d.url;
    };
    const base = { HOST: '127.0.0.1' };
    const master = randomBytes(32).toString('base64url');
    const keyOf = async (subgraph: string) => {
      const out = await migfed(['signing-key', '--subgraph', subgraph], { SUBGRAPH_SIGNING_SECRET: master });
      expect(out.code, out.stderr).toBe(0);
      return { SUBGRAPH_SIGNING_KEY: out.stdout.trim() };
    };
    const [registryKey, mdaKey, geoKey] = await Promise.all(['registry', 'country_mda', 'country_geo'].map(keyOf));
    processes.push(
      await startProcess(
        'subgraphs/registry/src/main.ts',
        { ...base, ...registryKey, REGION_FILE: regionFile, PORT: String(registryPort), DATABASE_URL: await db('proc_registry') },
        /registry subgraph .* at http/,
      ),
    );
    const mdaUrl = await db('proc_mda');
    processes.push(
      await startProcess(
        'subgraphs/country/src/main.ts',
        { ...base, ...mdaKey, COUNTRY: 'MDA', PORT: String(mdaPort), DATABASE_URL: mdaUrl },
        /country_mda subgraph .* at http/,
      ),
    );
    processes.push(
      await startProcess(
        'subgraphs/country/src/main.ts',
        { ...base, ...geoKey, COUNTRY: 'GEO', PORT: String(geoPort), DATABASE_URL: await db('proc_geo') },
        /country_geo subgraph .* at http/,
      ),
    );
    processes.push(
      await startProcess(
        'gateway/src/main.ts',
        { ...base, SUBGRAPH_SIGNING_SECRET: master, PORT: String(gatewayPort), SUPERGRAPH_PATH: supergraph },
        /http:\/\/127\.0\.0\.1:\d+/,
      ),
    );
    gatewayUrl = `http://127.0.0.1:${gatewayPort}/graphql`;
    mdaDirect = `http://127.0.0.1:${mdaPort}/graphql`;

    // MDA's own database gets its figures; GEO has published nothing yet.
    const mda = createDb({ url: mdaUrl, max: 1 });
    await seedCountry(mda.db, 'MDA', workPermits(2000, [2022, 2023]));
    await mda.close();
  });

  afterAll(async () => {
    for (const p of processes.reverse()) await p.stop();
    for (const d of databases) await d.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('answers a regional query across separate processes and databases', async () => {
    const res = await gql(gatewayUrl, `{ countries { iso3 name observations(indicator: "WORK_PERMITS_ISSUED") { period value } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.countries).toEqual([
      { iso3: 'GEO', name: 'Georgia', observations: [] },
      {
        iso3: 'MDA',
        name: 'Moldova, Republic of',
        observations: [
          { period: '2022', value: 2000 },
          { period: '2023', value: 2010 },
        ],
      },
    ]);
  });

  it('a member answers only its gateway', async () => {
    const res = await fetch(mdaDirect, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":"{ __typename }"}',
    });
    expect(res.status).toBe(401);
  });

  it('stops every process cleanly on SIGTERM', async () => {
    const codes = [];
    while (processes.length > 0) codes.push(await processes.pop()!.stop());
    expect(codes).toEqual([0, 0, 0, 0]);
  });
});
