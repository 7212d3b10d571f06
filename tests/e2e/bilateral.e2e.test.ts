// end to end: the origin–destination matrix of mirror pairs, from the registry's pairs and ONE
// federated query through the real gateway, over real member subgraphs on PostgreSQL and UNHCR's
// REAL release 2025.12.1 imported by the importer. Expected UNHCR figures are summed from the CSV
// file in the test; expected national figures from the rows the test seeds.
import { join } from 'node:path';
import { startStack, type Stack } from '@migfed/demo';
import { seedCountry } from '@migfed/subgraph-country';
import { importUnhcr, migrate as migrateProvider } from '@migfed/subgraph-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildMatrix,
  type MatrixAnswer,
  MIRROR_PAIRS_QUERY,
  type MirrorPairDef,
  type MatrixFigures,
  matrixQuery,
  matrixVariables,
} from '../../gateway/reports/app/bilateral-matrix.js';
import { matrixCsv, matrixSdmxCsv } from '../../gateway/reports/app/bilateral-export.js';
import {
  ASYLUM,
  emigrated,
  immigrated,
  immigrationMonths,
  MEMBERS,
  MONTHS,
  mirrorData,
  mirrorRegion,
  NOTE,
} from '../fixtures/mirror-data.js';
import { readCsv, UNHCR_2025 } from '../fixtures/provider-data.js';
import { type MigratedDatabase, migratedDatabase } from '../harness/databases.js';
import { gql } from '../harness/graphql.js';

/** Sum of `applied` over every row of the release for one origin, country of asylum and year. */
const unhcrApplied = (origin: string, asylum: string, year: string) =>
  readCsv(join(UNHCR_2025, 'asylum_applications.csv'))
    .filter((r) => r.coo_iso === origin && r.coa_iso === asylum && r.year === year)
    .reduce((s, r) => s + Number(r.applied), 0);

describe('bilateral (mirror) matrix through the gateway', () => {
  let db: MigratedDatabase;
  let stack: Stack;
  let pairs: Map<string, MirrorPairDef>;

  async function matrixOf(pairId: string, period: string, members = MEMBERS, figures: MatrixFigures = 'series') {
    const pair = pairs.get(pairId)!;
    const answer = (await gql(stack.gatewayUrl, matrixQuery(pair, figures), matrixVariables(pair, period, members))) as MatrixAnswer;
    return { matrix: buildMatrix(pair, period, answer), answer };
  }

  beforeAll(async () => {
    db = await migratedDatabase('e2e_bilateral');
    await migrateProvider(db.handle);
    for (const iso3 of MEMBERS) await seedCountry(db.handle.db, iso3, mirrorData(iso3));
    await importUnhcr(db.handle, { folder: UNHCR_2025 });
    stack = await startStack({ region: mirrorRegion('e2e-bilateral'), db: db.handle.db });
    const res = await gql(stack.gatewayUrl, MIRROR_PAIRS_QUERY);
    expect(res.errors).toBeUndefined();
    pairs = new Map(res.data.mirrorPairs.map((p: MirrorPairDef) => [p.id, p]));
  });

  afterAll(async () => {
    await stack?.stop();
    await db?.close();
  });

  it('long-term migration 2023: both sides of every ordered pair, summed over the months, with difference and ratio', async () => {
    const { matrix, answer } = await matrixOf('LONG_TERM_MIGRATION', '2023');
    expect(answer.errors).toBeUndefined();
    expect(matrix.members.map((m) => [m.iso3, m.status])).toEqual(MEMBERS.map((iso3) => [iso3, 'OK']));
    expect(matrix.cells).toHaveLength(MEMBERS.length * (MEMBERS.length - 1));
    for (const c of matrix.cells) {
      const [a, b] = [MEMBERS.indexOf(c.origin), MEMBERS.indexOf(c.destination)];
      const months = immigrationMonths(c.destination).length;
      const origin = MONTHS.reduce((s, _, m) => s + emigrated(a, b, m), 0);
      const destination = Array.from({ length: months }, (_, m) => immigrated(a, b, m)).reduce((s, v) => s + v, 0);
      expect(c.originSide?.value, `${c.origin}→${c.destination}`).toBe(origin);
      expect(c.destinationSide.value, `${c.origin}→${c.destination}`).toBe(destination);
      expect(c.difference).toBe(destination - origin);
      expect(c.ratio).toBeCloseTo(destination / origin, 10);
      expect(c.originSide?.completeness).toBe(1);
      expect(c.destinationSide.completeness).toBe(months / 12);
    }
    const toUkr = matrix.cells.find((c) => c.origin === 'GEO' && c.destination === 'UKR')!;
    expect(toUkr.destinationSide.flags).toEqual(['e']);
    const fromMda = matrix.cells.find((c) => c.origin === 'MDA' && c.destination === 'RUS')!;
    expect(fromMda.notes).toEqual([`MDA (LONG_TERM_EMIGRATION): ${NOTE}`]);
    expect(matrix.cells.find((c) => c.origin === 'RUS' && c.destination === 'MDA')!.notes).toEqual([]);
  });

  it('exports the matrix as CSV (both sides, difference, ratio, flags, notes) and both sides as SDMX-CSV', async () => {
    // The SDMX-CSV needs every figure with its dimensions: the answer in observations, as the page asks it.
    const { matrix, answer } = await matrixOf('LONG_TERM_MIGRATION', '2023', MEMBERS, 'observations');
    const compact = await matrixOf('LONG_TERM_MIGRATION', '2023');
    expect(compact.matrix).toEqual(matrix);
    expect(() => matrixSdmxCsv(matrix, compact.answer)).toThrow('needs each figure with its dimensions');
    const csv = matrixCsv(matrix).trim().split('\r\n');
    expect(csv).toHaveLength(1 + 20);
    expect(csv[0]).toContain('origin reports (LONG_TERM_EMIGRATION by NEXT_RESIDENCE)');
    const mdaRus = csv.find((l) => l.startsWith('LONG_TERM_MIGRATION,2023,MDA,RUS,'))!;
    const cell = matrix.cells.find((c) => c.origin === 'MDA' && c.destination === 'RUS')!;
    expect(mdaRus).toContain(`,${cell.originSide!.value},,1,OK,,${cell.destinationSide.value},,1,OK,,${cell.difference},`);
    expect(mdaRus).toContain(NOTE);
    const sdmx = matrixSdmxCsv(matrix, answer).trim().split('\r\n');
    // Every monthly figure behind the matrix: 12 emigration months × 4 partners × 5 members, and
    // the immigration months each member published (KAZ nine).
    expect(sdmx).toHaveLength(1 + 12 * 4 * 5 + 4 * (12 * 4 + 9));
    expect(sdmx[0]).toMatch(
      /^DATAFLOW,REF_AREA,INDICATOR,.*NEXT_RESIDENCE.*PREVIOUS_RESIDENCE.*,TIME_PERIOD,OBS_VALUE,OBS_STATUS,CONF_STATUS$/,
    );
  });

  it('asylum: the UNHCR figure for each (origin, asylum) pair and year is the sum in the imported release', async () => {
    const { matrix, answer } = await matrixOf('ASYLUM_APPLICATIONS', '2023');
    expect(answer.errors).toBeUndefined();
    expect(matrix.thirdOpinionSource).toMatch(/UNHCR .*2025\.12\.1/);
    let compared = 0;
    for (const c of matrix.cells) {
      const expected = unhcrApplied(c.origin, c.destination, '2023');
      expect(c.thirdOpinion, `${c.origin}→${c.destination}`).toBe(expected === 0 ? null : expected);
      if (expected > 0) compared += 1;
      expect(c.originSide).toBeNull();
      expect(c.destinationSide.value).toBe(ASYLUM[c.destination]?.[c.origin] ?? null);
    }
    expect(compared).toBeGreaterThan(5);
  });

  it('a member that is down keeps its row and column, marked unavailable with the reason', async () => {
    await stack.stopMember('KAZ');
    try {
      const { matrix } = await matrixOf('LONG_TERM_MIGRATION', '2023');
      const kaz = matrix.members.find((m) => m.iso3 === 'KAZ')!;
      expect(kaz.status).toBe('UNAVAILABLE');
      expect(kaz.reason).toBeTruthy();
      expect(matrix.cells).toHaveLength(20);
      for (const c of matrix.cells.filter((x) => x.origin === 'KAZ')) {
        expect(c.originSide).toMatchObject({ status: 'UNAVAILABLE', value: null, reason: kaz.reason });
        expect(c.destinationSide.status).toBe('OK'); // the partner's own side still shows
        expect(c.difference).toBeNull();
      }
      for (const c of matrix.cells.filter((x) => x.destination === 'KAZ')) {
        expect(c.destinationSide).toMatchObject({ status: 'UNAVAILABLE', value: null });
        expect(c.originSide?.status).toBe('OK');
      }
      const others = matrix.cells.filter((c) => c.origin !== 'KAZ' && c.destination !== 'KAZ');
      expect(others.every((c) => c.difference !== null)).toBe(true);
      expect(matrixCsv(matrix)).toMatch(/LONG_TERM_MIGRATION,2023,KAZ,GEO,,,,UNAVAILABLE,/);
    } finally {
      await stack.startMember('KAZ');
    }
  });

  it('refuses a period or member list it cannot build a matrix from, saying which', () => {
    const pair = pairs.get('LONG_TERM_MIGRATION')!;
    expect(() => matrixVariables(pair, '23', MEMBERS)).toThrow('period "23": expected a year (2023)');
    expect(() => matrixVariables(pair, '2023', ['KAZ'])).toThrow('members: a matrix needs at least two members, got 1');
  });
});
