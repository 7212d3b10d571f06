// What readers see now is read by a leaner statement than the versions view (currentObservations in
// the country subgraph's queries): over a member's database with revisions, releases withdrawing
// whole tables and single cells, embargoed and draft releases, it gives exactly the view's rows and
// columns (revision marks included) for every filter the read path builds. Real PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentObservations, insertObservations, type ObservationQuery, versionsAt } from '../../subgraphs/country/src/db/queries.js';
import { releases, withdrawals } from '../../subgraphs/country/src/db/schema.js';
import { type MigratedDatabase, migratedDatabase } from '../harness/databases.js';

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COUNTRY = 'MDA';
const INDICATORS = ['LONG_TERM_EMIGRATION', 'LONG_TERM_IMMIGRATION'];
// Two dimensions in name order: PARTNER;SEX.
const PARTNERS = ['_T', 'ITA', 'ROU', 'RUS', 'UKR'];
const SEXES = ['_T', 'F', 'M'];
const PERIODS = ['2021-11', '2021-12', '2022-01', '2022-02', '2022-03'];
const DAY = 86_400_000;

describe('the current read equals the versions view read now', () => {
  let db: MigratedDatabase;
  const rand = random(15);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;

  beforeAll(async () => {
    db = await migratedDatabase('current_read');
    const now = Date.now();
    // Published and visible (two sharing one instant, so the id decides), embargoed, and drafts.
    const at = [-40, -30, -30, -20, -10, -5, -1, 3, 10, null, null].map((d) => (d === null ? null : new Date(now + d * DAY)));
    const made = await db.handle.db
      .insert(releases)
      .values(
        at.map((visibleFrom, i) => ({
          country: COUNTRY,
          name: `r${i}`,
          status: visibleFrom ? ('published' as const) : ('draft' as const),
          publishedAt: visibleFrom,
          visibleFrom,
        })),
      )
      .returning({ id: releases.id });
    const rows = [];
    for (const { id } of made) {
      for (const indicator of INDICATORS)
        for (const partner of PARTNERS)
          for (const sex of SEXES)
            for (const period of PERIODS) {
              if (rand() < 0.55) continue;
              rows.push({
                country: COUNTRY,
                releaseId: id,
                indicator,
                seriesKey: `${partner};${sex}`,
                period,
                value: rand() < 0.1 ? null : Math.floor(rand() * 1000),
                obsStatus: pick(['A', 'A', 'E', 'P']),
                confStatus: pick(['F', 'F', 'F', 'C']),
              });
            }
    }
    await insertObservations(db.handle.db, rows);
    // Whole tables and single cells withdrawn by releases of every kind (visible, embargoed, draft).
    const withdrawn = [];
    for (const { id } of made) {
      for (let i = 0; i < 4; i++) {
        withdrawn.push({
          country: COUNTRY,
          releaseId: id,
          indicator: pick(INDICATORS),
          period: pick(PERIODS),
          seriesKey: i === 0 ? null : `${pick(PARTNERS)};${pick(SEXES)}`,
        });
      }
    }
    const unique = [...new Map(withdrawn.map((w) => [JSON.stringify(w), w])).values()];
    await db.handle.db.insert(withdrawals).values(unique);
  });
  afterAll(() => db?.close());

  const read = async (statement: ReturnType<typeof versionsAt>) => {
    const result = (await db.handle.db.execute(statement)) as unknown as Record<string, unknown>[];
    return [...result].map((r) => ({ ...r }));
  };
  const byCell = (a: Record<string, unknown>, b: Record<string, unknown>) =>
    `${a.period} ${a.seriesKey} ${a.indicator}`.localeCompare(`${b.period} ${b.seriesKey} ${b.indicator}`);

  const query = (indicator: string, codes: [string[] | null, string[] | null], from?: string, to?: string): ObservationQuery => ({
    country: COUNTRY,
    indicator,
    ...(from ? { fromPeriod: from } : {}),
    ...(to ? { toPeriod: to } : {}),
    codesByDimension: new Map([
      ['PARTNER', codes[0]],
      ['SEX', codes[1]],
    ]),
  });

  it('gives the same rows for many filters, single and paired queries, with and without a row limit', async () => {
    const seen = { rows: 0, revised: 0, confRevised: 0 };
    const filterRand = random(7);
    const some = (xs: string[]) => xs.filter(() => filterRand() < 0.6);
    for (let i = 0; i < 60; i++) {
      const codes = (): [string[] | null, string[] | null] => [
        filterRand() < 0.3 ? null : some(PARTNERS),
        filterRand() < 0.3 ? null : filterRand() < 0.5 ? ['_T'] : some(SEXES),
      ];
      const from = filterRand() < 0.5 ? PERIODS[Math.floor(filterRand() * 3)] : undefined;
      const to = filterRand() < 0.5 ? PERIODS[2 + Math.floor(filterRand() * 3)] : undefined;
      const queries =
        i % 3 === 0
          ? [query(INDICATORS[0]!, codes(), from, to), query(INDICATORS[1]!, codes(), from, to)]
          : [query(INDICATORS[i % 2]!, codes(), from, to)];
      // A limit cuts an ordered read; with one indicator (period, series) orders it completely.
      const limit = queries.length === 1 && i % 4 === 1 ? 7 : undefined;
      const lean = await read(currentObservations(queries, limit));
      const view = await read(versionsAt(queries, limit));
      if (limit === undefined) {
        lean.sort(byCell);
        view.sort(byCell);
      }
      expect(lean, `filter ${i}: ${JSON.stringify(queries.map((q) => [q.indicator, [...q.codesByDimension], from, to]))}`).toEqual(view);
      seen.rows += view.length;
      seen.revised += view.filter((r) => r.previousRelease !== null && r.previousValue !== r.value).length;
      seen.confRevised += view.filter((r) => r.previousConf !== null && r.previousConf !== r.confStatus).length;
    }
    // The comparison covered revised cells, confidentiality changes and many rows, not empty reads.
    expect(seen.rows).toBeGreaterThan(500);
    expect(seen.revised).toBeGreaterThan(50);
    expect(seen.confRevised).toBeGreaterThan(5);
  });

  it('leaves out what a visible release withdrew, keeps what an embargoed or draft one will, and ends a cell at the embargo', async () => {
    const everything = [query(INDICATORS[0]!, [null, null]), query(INDICATORS[1]!, [null, null])];
    const lean = await read(currentObservations(everything));
    const view = await read(versionsAt(everything));
    expect(lean.sort(byCell)).toEqual(view.sort(byCell));
    // Cells held by some visible release but absent from the read: withdrawn ones.
    const visible = (await db.handle.db.execute(
      `select distinct o.indicator, o.series_key, o.period from country.observations o join country.releases r on r.id = o.release_id where r.visible_from <= now()`,
    )) as unknown as unknown[];
    expect(lean.length).toBeGreaterThan(0);
    expect(lean.length).toBeLessThan([...visible].length);
    // Some current cells end in the future: an embargoed release revises or withdraws them.
    expect(lean.some((r) => r.validTo !== null)).toBe(true);
    expect(lean.every((r) => r.validTo === null || new Date(r.validTo as string) > new Date())).toBe(true);
  });
});
