// Mirror pairs are catalog data: the registry serves what mirrors.json declares, and a pair added
// to a catalog folder appears without any code change.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadCatalogFrom, loadRegion } from '@migfed/schema';
import { createServer } from '@migfed/subgraph-registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MigratedDatabase, migratedDatabase } from '../harness/databases.js';
import { gql } from '../harness/graphql.js';

const agreedDir = new URL('../../schema/catalog/', import.meta.url);

const PAIRS = `{ mirrorPairs { id name thirdOpinion
  origin { indicator { code frequency } partnerDimension fixed { dimension code } }
  destination { indicator { code } partnerDimension fixed { dimension code } } } }`;

describe('mirror pairs in the registry', () => {
  let db: MigratedDatabase;
  let draftDir: string;
  let server: Awaited<ReturnType<typeof createServer>>;
  beforeAll(async () => {
    // A secretariat's draft catalog: the agreed files plus one more pair over existing indicators.
    draftDir = mkdtempSync(join(tmpdir(), 'migfed-mirrors-'));
    cpSync(agreedDir, draftDir, { recursive: true });
    const mirrors = JSON.parse(readFileSync(join(draftDir, 'mirrors.json'), 'utf8'));
    mirrors.pairs.push({
      id: 'RETURNS_AGAINST_BORN',
      name: 'Returns by citizenship against the foreign-born by country of birth (a test pair)',
      origin: { indicator: 'FOREIGN_BORN_POPULATION', partnerDimension: 'COUNTRY_OF_BIRTH', fixed: { AGE: 'Y_GE60' } },
      destination: { indicator: 'RETURNS', partnerDimension: 'CITIZENSHIP', fixed: { RETURN_TYPE: 'FORCED' } },
    });
    writeFileSync(join(draftDir, 'mirrors.json'), JSON.stringify(mirrors));
    db = await migratedDatabase('registry_mirrors');
    const catalog = loadCatalogFrom(pathToFileURL(`${draftDir}/`));
    server = await createServer({ region: loadRegion('dsm'), db: db.handle.db, port: 0, catalog });
  });
  afterAll(async () => {
    await server?.stop();
    await db?.close();
    if (draftDir) rmSync(draftDir, { recursive: true, force: true });
  });

  it('serves the agreed pairs: long-term migration both ways, citizens abroad against foreign residents, asylum against UNHCR', async () => {
    const res = await gql(server.url, PAIRS);
    expect(res.errors).toBeUndefined();
    const byId = new Map(res.data.mirrorPairs.map((p: { id: string }) => [p.id, p]));
    expect(byId.get('LONG_TERM_MIGRATION')).toMatchObject({
      origin: { indicator: { code: 'LONG_TERM_EMIGRATION', frequency: 'M' }, partnerDimension: 'NEXT_RESIDENCE', fixed: [] },
      destination: { indicator: { code: 'LONG_TERM_IMMIGRATION' }, partnerDimension: 'PREVIOUS_RESIDENCE' },
    });
    expect(byId.get('CITIZENS_ABROAD')).toMatchObject({
      origin: { indicator: { code: 'CITIZENS_ABROAD' }, partnerDimension: 'COUNTRY_OF_RESIDENCE' },
      destination: { indicator: { code: 'STOCK_FOREIGNERS' }, partnerDimension: 'CITIZENSHIP' },
      thirdOpinion: 'UNDESA',
    });
    expect(byId.get('ASYLUM_APPLICATIONS')).toMatchObject({
      origin: null,
      destination: { indicator: { code: 'ASYLUM_APPLICATIONS' }, partnerDimension: 'CITIZENSHIP' },
      thirdOpinion: 'UNHCR',
    });
  });

  it('serves a pair added to the catalog files, fixed codes and all', async () => {
    const res = await gql(
      server.url,
      `{ mirrorPair(id: "RETURNS_AGAINST_BORN") { id origin { indicator { code } fixed { dimension code } } destination { fixed { dimension code } } } none: mirrorPair(id: "NOPE") { id } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.mirrorPair).toEqual({
      id: 'RETURNS_AGAINST_BORN',
      origin: { indicator: { code: 'FOREIGN_BORN_POPULATION' }, fixed: [{ dimension: 'AGE', code: 'Y_GE60' }] },
      destination: { fixed: [{ dimension: 'RETURN_TYPE', code: 'FORCED' }] },
    });
    expect(res.data.none).toBeNull();
  });

  it('has CITIZENS_ABROAD by COUNTRY_OF_RESIDENCE in the catalog, over the territories', async () => {
    const res = await gql(server.url, `{ indicator(code: "CITIZENS_ABROAD") { frequency dimensions { id codelist { id } } } }`);
    expect(res.data.indicator).toEqual({
      frequency: 'A',
      dimensions: [
        { id: 'SEX', codelist: { id: 'SEX' } },
        { id: 'COUNTRY_OF_RESIDENCE', codelist: { id: 'AREA' } },
      ],
    });
  });
});
