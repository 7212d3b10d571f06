// The published long-term immigration and emigration of generated travel histories, month by
// month, against a separate implementation of the 12/16-month rule written here with another
// algorithm: presence as an array of minutes and prefix sums, the window end by calendar arithmetic
// on the record's own local date, the month read straight off CROSSED_AT. The counts compared are
// the derivation's own (the draft keeps the values it withholds from readers); the derived tables'
// disclosure control is checked on its own, by an attacker with linear programming.
import { loadCatalog } from '@migfed/schema';
import { createServer } from '@migfed/subgraph-country';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crossingsCsv, type TravelRecord, type Traveller, travelHistories } from '../fixtures/travel-histories.js';
import { tooNarrow } from '../harness/attacker.js';
import { type MigratedDatabase, migratedDatabase } from '../harness/databases.js';
import { gql } from '../harness/graphql.js';
import { admin, tokenFor } from '../harness/publishing.js';
import { derive, uploadRecords } from '../harness/records.js';

const MEMBER = 'KAZ';
const EXTRACTED = '2026-03-01T00:00:00Z';
const YEAR_MINUTES = 365 * 1440;

interface Parsed {
  record: TravelRecord;
  minute: number;
  local: { y: number; m: number; d: number; hh: number; mm: number };
  offset: number;
}

function parse(r: TravelRecord): Parsed {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):00([+-])(\d{2}):(\d{2})$/.exec(r.crossedAt)!;
  const [y, mo, d, hh, mm] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [number, number, number, number, number];
  const offset = (m[6] === '-' ? -1 : 1) * (Number(m[7]) * 60 + Number(m[8]));
  return { record: r, minute: Date.UTC(y, mo - 1, d, hh, mm) / 60_000 - offset, local: { y, m: mo, d, hh, mm }, offset };
}

const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const monthLength = (y: number, m: number) => [31, leap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;

/** t + 16 months on the record's local calendar, day cut to the month's end, as a UTC minute. */
function windowEnd(p: Parsed): number {
  const months = p.local.y * 12 + (p.local.m - 1) + 16;
  const y = Math.floor(months / 12);
  const m = (months % 12) + 1;
  const d = Math.min(p.local.d, monthLength(y, m));
  return Date.UTC(y, m - 1, d, p.local.hh, p.local.mm) / 60_000 - p.offset;
}

/** Long-term events of one person: [kind, local month, sex] for each. */
function expectedEvents(person: Traveller): { kind: 'IMM' | 'EMI'; month: string; sex: string }[] {
  const crossings = person.records.map(parse).sort((a, b) => a.minute - b.minute || a.record.recordId.localeCompare(b.record.recordId));
  const base = crossings[0]!.minute;
  const last = Math.max(...crossings.map(windowEnd));
  const present = new Uint8Array(last - base + 1);
  // Consistent crossings only: an entry while present, an exit while absent are skipped.
  const changes: Parsed[] = [];
  let inside = crossings[0]!.record.direction === 'EXIT';
  for (const c of crossings) {
    if (c.record.direction === 'ENTRY' && !inside) {
      inside = true;
      changes.push(c);
    } else if (c.record.direction === 'EXIT' && inside) {
      inside = false;
      changes.push(c);
    }
  }
  changes.forEach((c, i) => {
    if (c.record.direction === 'ENTRY') present.fill(1, c.minute - base, (changes[i + 1]?.minute ?? last + 1) - base);
  });
  const sums = new Int32Array(present.length + 1);
  for (let i = 0; i < present.length; i += 1) sums[i + 1] = sums[i]! + present[i]!;
  const events: { kind: 'IMM' | 'EMI'; month: string; sex: string }[] = [];
  let resident = crossings[0]!.record.direction === 'EXIT';
  for (const c of changes) {
    const from = c.minute - base;
    const to = windowEnd(c) - base;
    const there = sums[to]! - sums[from]!;
    const month = c.record.crossedAt.slice(0, 7);
    if (c.record.direction === 'ENTRY' && !resident && there >= YEAR_MINUTES) {
      events.push({ kind: 'IMM', month, sex: c.record.sex });
      resident = true;
    } else if (c.record.direction === 'EXIT' && resident && to - from - there >= YEAR_MINUTES) {
      events.push({ kind: 'EMI', month, sex: c.record.sex });
      resident = false;
    }
  }
  return events;
}

function monthsBetween(first: string, last: string): string[] {
  const out: string[] = [];
  const index = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5)) - 1;
  for (let i = index(first); i <= index(last); i += 1) out.push(`${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
  return out;
}

describe('the 12/16-month rule on generated travel histories', () => {
  let db: MigratedDatabase;
  let server: Awaited<ReturnType<typeof createServer>>;
  let token: string;
  const people = travelHistories(MEMBER);
  const expected = new Map(people.map((p) => [p, expectedEvents(p)]));
  // biome-ignore lint/suspicious/noExplicitAny: the derivation report, asserted field by field
  let report: any;
  /** Cells of the draft as stored: indicator → period → "DIM=code;…" (non-total codes) → value. */
  const cells = new Map<string, Map<string, Map<string, number>>>();
  /** The same cells as a reader's table: series key (codes in dimension-name order), value, CONF_STATUS. */
  const tables = new Map<string, Map<string, { key: string; value: number; conf: string }[]>>();

  beforeAll(async () => {
    db = await migratedDatabase('records_rule');
    server = await createServer({ country: MEMBER, db: db.handle.db, port: 0, admin: { handle: db.handle } });
    token = await tokenFor(db.handle, MEMBER);
    const imported = await uploadRecords(server.url, token, crossingsCsv(people), { kind: 'crossings' });
    expect(imported.body.errors).toEqual([]);
    report = (await derive(server.url, token, { release: 'records 2021-2025', extractedAt: EXTRACTED })).body;
    expect(report.error).toBeNull();
    for (const indicator of ['BORDER_CROSSINGS', 'LONG_TERM_IMMIGRATION', 'LONG_TERM_EMIGRATION']) {
      const res = await admin(
        server.url,
        token,
        `query($i: ID) { release(name: "records 2021-2025") { observations(indicator: $i, limit: 10000) {
            period value confidentiality dimensions { dimension code } } } }`,
        { i: indicator },
      );
      const byPeriod = new Map<string, Map<string, number>>();
      const tablesByPeriod = new Map<string, { key: string; value: number; conf: string }[]>();
      for (const o of res.data.release.observations as {
        period: string;
        value: number;
        confidentiality: string;
        dimensions: { dimension: string; code: string }[];
      }[]) {
        const key = o.dimensions
          .filter((d) => d.code !== '_T')
          .map((d) => `${d.dimension}=${d.code}`)
          .join(';');
        if (!byPeriod.has(o.period)) byPeriod.set(o.period, new Map());
        byPeriod.get(o.period)!.set(key, o.value);
        const seriesKey = [...o.dimensions]
          .sort((a, b) => a.dimension.localeCompare(b.dimension))
          .map((d) => d.code)
          .join(';');
        tablesByPeriod.set(o.period, [
          ...(tablesByPeriod.get(o.period) ?? []),
          { key: seriesKey, value: o.value, conf: o.confidentiality },
        ]);
      }
      cells.set(indicator, byPeriod);
      tables.set(indicator, tablesByPeriod);
    }
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await db?.close();
  });

  it('has the kinds of people the rule must tell apart', () => {
    const events = people.flatMap((p) => expected.get(p)!);
    expect(events.filter((e) => e.kind === 'IMM').length).toBeGreaterThan(60);
    expect(events.filter((e) => e.kind === 'EMI').length).toBeGreaterThan(30);
    // Settlers staying 363 or 364 days are not long-term; 365, 366, 367 days are.
    for (const days of [363, 364, 365, 366, 367]) {
      const settlers = people.filter((p) => p.story.includes(`after ${days} days`));
      expect(settlers.filter((p) => expected.get(p)!.length > 0).length, `${days} days`).toBe(days >= 365 ? settlers.length : 0);
    }
  });

  it('derives long-term migration for every month whose windows closed, and says when the next is ready', () => {
    const expectedMonths = monthsBetween('2022-01', '2024-10');
    expect(report.periods.LONG_TERM_IMMIGRATION).toEqual({
      derived: { first: '2022-01', last: '2024-10', count: expectedMonths.length },
      next: '2024-11',
      nextReadyAt: '2026-03-31T19:00:00.000Z',
    });
    expect([...cells.get('LONG_TERM_IMMIGRATION')!.keys()].sort()).toEqual(expectedMonths);
    expect([...cells.get('LONG_TERM_EMIGRATION')!.keys()].sort()).toEqual(expectedMonths);
    expect(report.periods.BORDER_CROSSINGS.derived).toEqual({ first: '2021-01', last: '2026-02', count: 62 });
  });

  it('matches the independent implementation month by month, in total and by sex', () => {
    const events = people.flatMap((p) => expected.get(p)!);
    const mismatches: string[] = [];
    for (const [indicator, kind] of [
      ['LONG_TERM_IMMIGRATION', 'IMM'],
      ['LONG_TERM_EMIGRATION', 'EMI'],
    ] as const) {
      for (const [month, published] of cells.get(indicator)!) {
        const here = events.filter((e) => e.kind === kind && e.month === month);
        const want: [string, number][] = [
          ['', here.length],
          ['SEX=F', here.filter((e) => e.sex === 'F').length],
          ['SEX=M', here.filter((e) => e.sex === 'M').length],
        ];
        for (const [key, value] of want)
          if ((published.get(key) ?? 0) !== value)
            mismatches.push(`${indicator} ${month} ${key || 'total'}: published ${published.get(key)}, expected ${value}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('counts every crossing in BORDER_CROSSINGS in its local month, inconsistent ones included', () => {
    const records = people.flatMap((p) => p.records);
    const mismatches: string[] = [];
    for (const [month, published] of cells.get('BORDER_CROSSINGS')!) {
      const here = records.filter((r) => r.crossedAt.slice(0, 7) === month);
      for (const [key, value] of [
        ['', here.length],
        ['DIRECTION=ENTRY', here.filter((r) => r.direction === 'ENTRY').length],
        ['TRAVELLER=NAT', here.filter((r) => r.citizenship === MEMBER).length],
      ] as const)
        if ((published.get(key) ?? 0) !== value)
          mismatches.push(`${month} ${key || 'total'}: published ${published.get(key)}, expected ${value}`);
    }
    expect(mismatches).toEqual([]);
    expect(report.inconsistent).toBe(40);
  });

  it('withholds small long-term migration counts, and no withheld cell can be narrowed from what is published', async () => {
    const catalog = loadCatalog();
    const clear: string[] = [];
    const exposed: string[] = [];
    const marks = { A: 0, D: 0 };
    let primaryOnly = 0;
    for (const indicator of ['LONG_TERM_IMMIGRATION', 'LONG_TERM_EMIGRATION']) {
      const threshold = catalog.indicator(indicator)!.smallCountThreshold!;
      expect(threshold).toBeGreaterThan(1);
      for (const [period, table] of tables.get(indicator)!) {
        for (const c of table) {
          if (c.value > 0 && c.value < threshold && c.conf !== 'A') clear.push(`${indicator} ${period} ${c.key}=${c.value} ${c.conf}`);
          if (c.conf === 'A' || c.conf === 'D') marks[c.conf] += 1;
        }
        const found = await tooNarrow(
          catalog,
          indicator,
          table.map((c) => ({ key: c.key, value: c.value, withheld: c.conf !== 'F' })),
        );
        exposed.push(...found.map((e) => `${indicator} ${period} ${e}`));
        // The same table with only the small cells withheld: what secondary suppression prevents.
        if (table.some((c) => c.conf === 'D'))
          primaryOnly += (
            await tooNarrow(
              catalog,
              indicator,
              table.map((c) => ({ key: c.key, value: c.value, withheld: c.conf === 'A' })),
            )
          ).length;
      }
    }
    expect(clear).toEqual([]);
    // Small counts are common in monthly tables by sex, age and citizenship: the rule had work to do.
    expect(marks.A).toBeGreaterThan(50);
    expect(marks.D).toBeGreaterThan(10);
    expect(exposed).toEqual([]);
    expect(primaryOnly).toBeGreaterThan(0);
    // Border crossings count crossings, not persons, and have no threshold: every cell is in clear.
    const crossings = [...tables.get('BORDER_CROSSINGS')!.values()].flat();
    expect(crossings.filter((c) => c.conf !== 'F')).toEqual([]);
  }, 120_000);

  it('gives readers no value of a withheld derived cell once published', async () => {
    const published = await admin(server.url, token, `mutation { publishRelease(name: "records 2021-2025") { ok error } }`);
    expect(published.data.publishRelease).toEqual({ ok: true, error: null });
    // A month whose breakdown by sex (AGE;CITIZENSHIP;PREVIOUS_RESIDENCE;SEX) withholds a cell.
    const bySex = /^_T;_T;_T;/;
    const month = [...tables.get('LONG_TERM_IMMIGRATION')!].find(([, t]) => t.some((c) => c.conf !== 'F' && bySex.test(c.key)));
    expect(month).toBeDefined();
    const [period, table] = month!;
    const read = await gql(
      server.url,
      `query($p: String!) { _entities(representations: [{ __typename: "${MEMBER}", iso3: "${MEMBER}" }]) { ... on ${MEMBER} {
          observations(indicator: "LONG_TERM_IMMIGRATION", from: $p, to: $p, filter: [{ dimension: "SEX", codes: ["_T", "F", "M"] }]) {
            value confidentiality dimensions { dimension code } } } } }`,
      { p: period },
    );
    expect(read.errors).toBeUndefined();
    const served = read.data._entities[0].observations as {
      value: number | null;
      confidentiality: string;
      dimensions: { dimension: string; code: string }[];
    }[];
    expect(served.length).toBeGreaterThan(0);
    for (const o of served) {
      const key = [...o.dimensions]
        .sort((a, b) => a.dimension.localeCompare(b.dimension))
        .map((d) => d.code)
        .join(';');
      const stored = table.find((c) => c.key === key)!;
      expect([o.value, o.confidentiality], key).toEqual([stored.conf === 'F' ? stored.value : null, stored.conf]);
    }
    expect(served.some((o) => o.value === null)).toBe(true);
  });
});
