// end to end, on the demo's own data: every DSM member seeded as `npm start` seeds it (generated
// figures, then border-crossing records imported, derived with the 12/16-month rule and published
// through the disclosure rule) on a real PostgreSQL, and the long-term migration matrix built through
// the real gateway for the latest year every member has derived in full. Expected figures are read
// from the members' stored cells (the versions readers see), not from the generator.
import { seedDemo, startStack, type Stack } from '@migfed/demo';
import { loadRegion, type RegionDef } from '@migfed/schema';
import postgres from 'postgres';
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
import { type MigratedDatabase, migratedDatabase } from '../harness/databases.js';
import { gql } from '../harness/graphql.js';

const ORIGIN = 'LONG_TERM_EMIGRATION';
const DESTINATION = 'LONG_TERM_IMMIGRATION';

function region(): RegionDef {
  return { ...loadRegion('dsm'), providers: [] };
}

const MEMBERS = region().members.map((m) => m.iso3);

interface StoredCell {
  country: string;
  indicator: string;
  partner: string;
  period: string;
  value: number | null;
  obs_status: string;
  conf_status: string;
}

/** What one side should show for a partner over a year, from the stored cells readers see now. */
function expectedSide(cells: readonly StoredCell[]) {
  const free = cells.filter((c) => c.conf_status === 'F' && c.value !== null);
  const letters = new Set<string>();
  for (const c of cells) {
    if (c.conf_status !== 'F') letters.add('c');
    if (c.obs_status !== 'A') letters.add(c.obs_status.toLowerCase());
  }
  return {
    value: free.length > 0 ? free.reduce((s, c) => s + c.value!, 0) : null,
    completeness: cells.length > 0 ? new Set(free.map((c) => c.period)).size / 12 : null,
    flags: [...letters].sort(),
  };
}

describe('the long-term migration matrix on the demo data', () => {
  let db: MigratedDatabase;
  let stack: Stack;
  let pair: MirrorPairDef;
  let sql: postgres.Sql;

  /**
   * The matrix of one year; `summed`: the members sum their months into the year (as /reports asks);
   * `figures`: each partner's figures as one series (as /reports asks) or one object per figure.
   */
  const matrixOf = async (year: string, summed = false, figures: MatrixFigures = 'series') => {
    const answer = (await gql(
      stack.gatewayUrl,
      matrixQuery(pair, figures),
      matrixVariables(pair, year, MEMBERS, year, summed),
    )) as MatrixAnswer;
    return { answer, matrix: buildMatrix(pair, year, answer) };
  };

  beforeAll(async () => {
    db = await migratedDatabase('e2e_bilateral_demo');
    await seedDemo(db.handle.db, region(), () => {}, { records: db.handle });
    sql = postgres(db.url, { max: 1, onnotice: () => {} });
    stack = await startStack({ region: region(), db: db.handle.db, subgraphTimeoutMs: 30_000 });
    const res = await gql(stack.gatewayUrl, MIRROR_PAIRS_QUERY);
    expect(res.errors).toBeUndefined();
    pair = res.data.mirrorPairs.find((p: MirrorPairDef) => p.id === 'LONG_TERM_MIGRATION');
  }, 300_000);

  afterAll(async () => {
    await stack?.stop();
    await sql?.end();
    await db?.close();
  });

  /** The latest year whose twelve months every member has derived, both indicators (from their coverage). */
  async function latestCompleteYear(): Promise<string> {
    const res = await gql(stack.gatewayUrl, '{ countries { iso3 coverage { indicator lastPeriod } } }');
    expect(res.errors).toBeUndefined();
    const last = res.data.countries.flatMap((c: { coverage: { indicator: string; lastPeriod: string }[] }) =>
      c.coverage.filter((k) => k.indicator === ORIGIN || k.indicator === DESTINATION).map((k) => k.lastPeriod),
    ) as string[];
    expect(last).toHaveLength(2 * MEMBERS.length);
    const earliest = last.sort()[0]!;
    return earliest.endsWith('-12') ? earliest.slice(0, 4) : String(Number(earliest.slice(0, 4)) - 1);
  }

  /** Every stored monthly cell of one side by partner (all other dimensions at their total), visible now. */
  async function storedCells(year: string): Promise<StoredCell[]> {
    return sql<StoredCell[]>`
      select country, indicator, split_part(series_key, ';', 3) as partner, period, value, obs_status, conf_status
        from country.observation_versions
       where indicator in (${ORIGIN}, ${DESTINATION}) and period like ${`${year}-%`}
         and series_key ~ '^_T;_T;[A-Z]{3};_T$'
         and valid_from <= now() and (valid_to is null or valid_to > now())`;
  }

  it('shows both sides of every ordered pair in the latest complete year, with difference, ratio, flags and notes', async () => {
    const year = await latestCompleteYear();
    // The demo's records run from 2019 to 2024 and were extracted in March 2025: with the
    // 16-month window, 2022 is the last year complete everywhere.
    expect(Number(year)).toBeGreaterThanOrEqual(2022);
    const { answer, matrix } = await matrixOf(year);
    expect(answer.errors).toBeUndefined();
    expect(matrix.members.map((m) => [m.iso3, m.status])).toEqual(MEMBERS.map((iso3) => [iso3, 'OK']));
    expect(matrix.cells).toHaveLength(MEMBERS.length * (MEMBERS.length - 1));

    const cells = await storedCells(year);
    const notes = new Map(
      (
        await sql<{ country: string; indicator: string; difference_from_agreed: string | null }[]>`
          select country, indicator, difference_from_agreed from country.national_metadata where indicator in (${ORIGIN}, ${DESTINATION})`
      ).map((r) => [`${r.country} ${r.indicator}`, r.difference_from_agreed]),
    );
    const side = (country: string, indicator: string, partner: string) =>
      expectedSide(cells.filter((c) => c.country === country && c.indicator === indicator && c.partner === partner));

    for (const c of matrix.cells) {
      const at = `${c.origin}→${c.destination} ${year}`;
      const o = side(c.origin, ORIGIN, c.destination);
      const d = side(c.destination, DESTINATION, c.origin);
      // Both sides published: the disclosure rule withheld some months, never a whole year of a pair.
      expect(o.value, at).not.toBeNull();
      expect(d.value, at).not.toBeNull();
      expect(c.originSide, at).toMatchObject({ status: 'OK', value: o.value, completeness: o.completeness, flags: o.flags });
      expect(c.destinationSide, at).toMatchObject({ status: 'OK', value: d.value, completeness: d.completeness, flags: d.flags });
      expect(c.difference, at).toBe(d.value! - o.value!);
      expect(c.ratio, at).toBeCloseTo(d.value! / o.value!, 12);
      // A note where a side's national definition differs from the agreed one, and only there.
      const originNote = notes.get(`${c.origin} ${ORIGIN}`);
      const destinationNote = notes.get(`${c.destination} ${DESTINATION}`);
      expect(c.notes, at).toEqual([
        ...(originNote ? [`${c.origin} (${ORIGIN}): ${originNote}`] : []),
        ...(destinationNote ? [`${c.destination} (${DESTINATION}): ${destinationNote}`] : []),
      ]);
    }
    // The demo's members whose border records miss a border say so: BLR on both sides, RUS on arrivals.
    const noted = (o: string, d: string) => matrix.cells.find((c) => c.origin === o && c.destination === d)!.notes;
    expect(noted('BLR', 'RUS')).toEqual([
      `BLR (${ORIGIN}): ${notes.get(`BLR ${ORIGIN}`)}`,
      `RUS (${DESTINATION}): ${notes.get(`RUS ${DESTINATION}`)}`,
    ]);
    expect(noted('BLR', 'RUS')[0]).toMatch(/border with the Russian Federation/);
    expect(noted('KAZ', 'TJK')).toEqual([]);
    // The members' yearly sums give the same matrix as their months.
    const summed = await matrixOf(year, true);
    expect(summed.answer.errors).toBeUndefined();
    expect(summed.matrix.cells).toEqual(matrix.cells);
    // So do their figures one object each, with every dimension's code (as the SDMX-CSV export asks).
    for (const sums of [false, true]) expect((await matrixOf(year, sums, 'observations')).matrix.cells).toEqual(matrix.cells);
    // The two registers are separate: the sides disagree somewhere, as a mirror comparison expects.
    expect(matrix.cells.some((c) => c.difference !== 0)).toBe(true);
    // Small monthly counts stay withheld: some sides carry the flag of a withheld month.
    expect(matrix.cells.some((c) => c.originSide?.flags.includes('c') || c.destinationSide.flags.includes('c'))).toBe(true);
  });

  it('a member that is down keeps its row and column, marked, while its partners still show their sides', async () => {
    const year = await latestCompleteYear();
    const down = 'TJK';
    await stack.stopMember(down);
    try {
      const { matrix } = await matrixOf(year, true);
      const member = matrix.members.find((m) => m.iso3 === down)!;
      expect(member.status).toBe('UNAVAILABLE');
      expect(member.reason).toBeTruthy();
      expect(matrix.cells).toHaveLength(MEMBERS.length * (MEMBERS.length - 1));
      for (const c of matrix.cells) {
        const at = `${c.origin}→${c.destination}`;
        if (c.origin === down) {
          expect(c.originSide, at).toMatchObject({ status: 'UNAVAILABLE', value: null, reason: member.reason });
          expect(c.destinationSide.status, at).toBe('OK');
          expect(c.destinationSide.value, at).not.toBeNull();
          expect(c.difference, at).toBeNull();
        } else if (c.destination === down) {
          expect(c.destinationSide, at).toMatchObject({ status: 'UNAVAILABLE', value: null, reason: member.reason });
          expect(c.originSide?.status, at).toBe('OK');
          expect(c.originSide?.value, at).not.toBeNull();
          expect(c.difference, at).toBeNull();
        } else {
          expect(c.difference, at).not.toBeNull();
        }
      }
    } finally {
      await stack.startMember(down);
    }
  });
});
