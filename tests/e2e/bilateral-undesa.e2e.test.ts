// end to end: UN DESA's third opinion on the citizens-abroad pair, from a workbook in the published
// origin–destination layout imported by the importer, in the ONE federated matrix query through
// the real gateway over real member subgraphs on PostgreSQL. Expected UN DESA figures come from
// the formula the workbook is written with; national figures from the rows the test seeds.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack, type Stack } from '@migfed/demo';
import { loadRegion, type RegionDef } from '@migfed/schema';
import { seedCountry, type SeedData } from '@migfed/subgraph-country';
import { importUndesa, migrate as migrateProvider } from '@migfed/subgraph-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildMatrix,
  type MatrixAnswer,
  MIRROR_PAIRS_QUERY,
  type MirrorPairDef,
  matrixQuery,
  matrixVariables,
} from '../../gateway/reports/app/bilateral-matrix.js';
import { matrixCsv } from '../../gateway/reports/app/bilateral-export.js';
import { OD_DESTINATIONS, OD_ORIGINS, OD_YEARS_2020, odFigure, writeOdWorkbook } from '../fixtures/undesa-od-workbook.js';
import { type MigratedDatabase, migratedDatabase } from '../harness/databases.js';
import { gql } from '../harness/graphql.js';

const MEMBERS = ['GEO', 'KAZ', 'MDA', 'RUS', 'UKR'];
/** What origin `a` registers living in `b`, and what `b` counts with `a`'s citizenship, in a year. */
const registered = (a: number, b: number, year: number) => 100 * (a + 1) + 10 * b + (year - 2000);
const counted = (a: number, b: number, year: number) => 300 * (a + 1) + 20 * b + (year - 2000);

function region(): RegionDef {
  const dsm = loadRegion('dsm');
  return {
    ...dsm,
    id: 'e2e-bilateral-undesa',
    members: dsm.members.filter((m) => MEMBERS.includes(m.iso3)),
    providers: (dsm.providers ?? []).filter((p) => p.id === 'undesa'),
  };
}

function dataOf(iso3: string): SeedData {
  const me = MEMBERS.indexOf(iso3);
  const cell = (indicator: string, period: string, dimensions: Record<string, string>, value: number) => ({
    indicator,
    period,
    dimensions,
    value,
    status: 'A',
    confidentiality: 'F',
    release: 'annual',
  });
  const observations = MEMBERS.filter((p) => p !== iso3).flatMap((partner) => {
    const other = MEMBERS.indexOf(partner);
    return [1995, 2020, 2023].flatMap((year) => [
      cell('CITIZENS_ABROAD', String(year), { SEX: '_T', COUNTRY_OF_RESIDENCE: partner }, registered(me, other, year)),
      cell('STOCK_FOREIGNERS', String(year), { SEX: '_T', AGE: '_T', CITIZENSHIP: partner }, counted(other, me, year)),
    ]);
  });
  return { observations, metadata: [], documents: [], releases: [{ name: 'annual', publishedAt: '2024-03-31T09:00:00Z' }] };
}

/** What the imported workbook says for origin → destination in a year (both sexes), if anything. */
function published(origin: string, destination: string, year: number): number | null {
  const d = OD_DESTINATIONS.find((x) => x.iso3 === destination);
  const o = OD_ORIGINS.find((x) => x.iso3 === origin)!;
  return d ? odFigure(d, o, year, '_T') : null;
}

describe("UN DESA's third opinion on citizens abroad, through the gateway", () => {
  let db: MigratedDatabase;
  let stack: Stack;
  let pair: MirrorPairDef;
  const dir = mkdtempSync(join(tmpdir(), 'bilateral-od-'));

  async function matrixOf(period: string) {
    const answer = (await gql(stack.gatewayUrl, matrixQuery(pair), matrixVariables(pair, period, MEMBERS))) as MatrixAnswer;
    return { matrix: buildMatrix(pair, period, answer), answer };
  }

  beforeAll(async () => {
    db = await migratedDatabase('e2e_bilateral_undesa');
    await migrateProvider(db.handle);
    for (const iso3 of MEMBERS) await seedCountry(db.handle.db, iso3, dataOf(iso3));
    const workbook = join(dir, 'undesa_pd_2020_ims_stock_by_sex_destination_and_origin.xlsx');
    await writeOdWorkbook(workbook);
    await importUndesa(db.handle, { file: workbook });
    stack = await startStack({ region: region(), db: db.handle.db });
    const res = await gql(stack.gatewayUrl, MIRROR_PAIRS_QUERY);
    expect(res.errors).toBeUndefined();
    pair = res.data.mirrorPairs.find((p: MirrorPairDef) => p.id === 'CITIZENS_ABROAD');
    expect(pair.thirdOpinion).toBe('UNDESA');
  });

  afterAll(async () => {
    await stack?.stop();
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("shows UN DESA's stock of A's migrants living in B beside both sides, for the years it publishes", async () => {
    let compared = 0;
    for (const year of [1995, 2020]) {
      const { matrix, answer } = await matrixOf(String(year));
      expect(answer.errors).toBeUndefined();
      expect(matrix.thirdOpinionSource).toBe('UN DESA International Migrant Stock, release IMS2020 (CC BY 3.0 IGO)');
      expect(matrix.cells).toHaveLength(MEMBERS.length * (MEMBERS.length - 1));
      for (const c of matrix.cells) {
        const [a, b] = [MEMBERS.indexOf(c.origin), MEMBERS.indexOf(c.destination)];
        expect(c.originSide?.value).toBe(registered(a, b, year));
        expect(c.destinationSide.value).toBe(counted(a, b, year));
        const expected = published(c.origin, c.destination, year);
        expect(c.thirdOpinion, `${c.origin}→${c.destination} ${year}`).toBe(expected);
        expect(c.thirdOpinionReason).toBe(
          expected === null ? `UN DESA published no figure for ${c.origin} in ${c.destination} in ${year}` : null,
        );
        if (expected !== null) compared += 1;
      }
      const csv = matrixCsv(matrix).trim().split('\r\n');
      expect(csv[0]).toMatch(/,UNDESA estimate,notes$/);
      const kazRus = matrix.cells.find((c) => c.origin === 'KAZ' && c.destination === 'RUS')!;
      expect(csv.find((l) => l.startsWith(`CITIZENS_ABROAD,${year},KAZ,RUS,`))).toMatch(new RegExp(`,${kazRus.thirdOpinion},$`));
    }
    // Moldovans in Kazakhstan are ".." before 2000; every other pair into RUS, KAZ and UKR has a figure.
    expect(compared).toBe(2 * 12 - 1);
  });

  it('leaves a year UN DESA does not publish empty, with the reason, in the matrix and its CSV', async () => {
    const { matrix } = await matrixOf('2023');
    const years = OD_YEARS_2020.join(', ');
    for (const c of matrix.cells) {
      expect(c.destinationSide.status).toBe('OK');
      expect(c.thirdOpinion).toBeNull();
      expect(c.thirdOpinionReason).toBe(`UN DESA publishes no estimate for 2023 (its years: ${years})`);
    }
    expect(matrixCsv(matrix)).toContain(`,"UNDESA: UN DESA publishes no estimate for 2023 (its years: ${years})"`);
  });

  it('gives a drill-down its series from one query: every year asked, UN DESA where it publishes', async () => {
    const answer = (await gql(stack.gatewayUrl, matrixQuery(pair), matrixVariables(pair, '2019', ['KAZ', 'RUS'], '2021'))) as MatrixAnswer;
    expect(answer.errors).toBeUndefined();
    const series = ['2019', '2020', '2021'].map((y) => buildMatrix(pair, y, answer).cells.find((c) => c.origin === 'KAZ')!.thirdOpinion);
    expect(series).toEqual([null, published('KAZ', 'RUS', 2020), null]);
  });

  it('bilateralMatrix gives the same third opinion; a pair whose provider this region lacks answers without it', async () => {
    const field = `query M($pair: ID!, $period: String!, $members: [ID!]) { bilateralMatrix(pair: $pair, period: $period, members: $members) {
      thirdOpinionSource cells { origin destination thirdOpinion thirdOpinionReason destinationReports { status value } } } }`;
    for (const period of ['2020', '2023']) {
      const res = await gql(stack.gatewayUrl, field, { pair: 'CITIZENS_ABROAD', period, members: MEMBERS });
      expect(res.errors).toBeUndefined();
      const { matrix } = await matrixOf(period);
      expect(res.data.bilateralMatrix.thirdOpinionSource).toBe(matrix.thirdOpinionSource);
      expect(res.data.bilateralMatrix.cells).toEqual(
        matrix.cells.map((c) => ({
          origin: c.origin,
          destination: c.destination,
          thirdOpinion: c.thirdOpinion,
          thirdOpinionReason: c.thirdOpinionReason,
          destinationReports: { status: c.destinationSide.status, value: c.destinationSide.value },
        })),
      );
    }
    // This region is composed without UNHCR: asking its field would fail the whole query, so the
    // asylum matrix comes without a third opinion instead of an error.
    const asylum = await gql(stack.gatewayUrl, field, { pair: 'ASYLUM_APPLICATIONS', period: '2023', members: ['KAZ', 'RUS'] });
    expect(asylum.errors).toBeUndefined();
    expect(asylum.data.bilateralMatrix.thirdOpinionSource).toBeNull();
    expect(asylum.data.bilateralMatrix.cells.map((c: { thirdOpinion: unknown }) => c.thirdOpinion)).toEqual([null, null]);
  });
});
