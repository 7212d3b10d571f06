// Deriving again after corrected records: into a new release, the revision leaves no cell of the
// first derivation standing in the current tables (a citizenship that was a typo, a month that only
// a mistyped date had), while asOf and the history keep what was published first; into the same
// draft, the second run replaces the first run's cells instead of adding to them.
import { describe, expect, it } from 'vitest';
import { gql } from '../harness/graphql.js';
import { admin, memberSubgraph, tokenFor } from '../harness/publishing.js';
import { CROSSINGS_HEADER, derive, uploadRecords } from '../harness/records.js';

const MEMBER = 'KGZ';
const EXTRACTED = '2024-01-01T00:00:00+06:00';

/** Seven travellers' crossings at Manas airport and Ak-Jol, January to December 2023. */
const RECORDS: Record<string, string> = {
  R1: 'P1,2023-01-10T10:00:00+06:00,ENTRY,AIR,Manas airport,KAZ,F,1990,KAZ',
  R2: 'P1,2023-01-20T10:00:00+06:00,EXIT,AIR,Manas airport,KAZ,F,1990,KAZ',
  R3: 'P2,2023-01-12T08:00:00+06:00,ENTRY,LAND,Ak-Jol,UZB,M,1985,UZB',
  R4: 'P2,2023-02-03T08:00:00+06:00,EXIT,LAND,Ak-Jol,UZB,M,1985,UZB',
  // Citizenship mistyped as TUR on the entry card (the exit card says UZB): the only TUR record.
  R5: 'P3,2023-01-15T09:00:00+06:00,ENTRY,LAND,Ak-Jol,TUR,M,1970,UZB',
  R6: 'P3,2023-02-15T09:00:00+06:00,EXIT,LAND,Ak-Jol,UZB,M,1970,UZB',
  // Mistyped year: 2022-12-05 for 2023-12-05, the only record before 2023.
  R7: 'P4,2022-12-05T14:00:00+06:00,ENTRY,AIR,Manas airport,RUS,F,1979,RUS',
  R8: 'P5,2023-06-01T07:00:00+06:00,ENTRY,AIR,Manas airport,CHN,M,1992,CHN',
};

const file = (records: Record<string, string>) =>
  `${[CROSSINGS_HEADER, ...Object.entries(records).map(([id, rest]) => `${id},${rest}`)].join('\n')}\n`;

interface Served {
  period: string;
  value: number | null;
  release: string;
  dimensions: { dimension: string; code: string }[];
}

describe('deriving again after corrected records', () => {
  const member = memberSubgraph('records_rederive', MEMBER);
  let token: string;
  /** The member's entity as the gateway asks for it (fields that use `$asOf` get it declared). */
  const entity = (fields: string, asOf?: string) =>
    gql(
      member.server.url,
      `query${fields.includes('$asOf') ? '($asOf: DateTime)' : ''} {
        _entities(representations: [{ __typename: "${MEMBER}", iso3: "${MEMBER}" }]) { ... on ${MEMBER} { ${fields} } } }`,
      { asOf },
    );
  /** BORDER_CROSSINGS by citizenship as readers see it (now, or asOf), as "period CITIZENSHIP=value". */
  const byCitizenship = async (asOf?: string) => {
    const res = await entity(
      `observations(indicator: "BORDER_CROSSINGS", from: "2022-01", to: "2023-12", asOf: $asOf,
          filter: [{ dimension: "CITIZENSHIP", allHeld: true }]) { period value release dimensions { dimension code } }`,
      asOf,
    );
    expect(res.errors).toBeUndefined();
    return (res.data._entities[0].observations as Served[])
      .map((o) => `${o.period} ${o.dimensions.find((d) => d.dimension === 'CITIZENSHIP')!.code}=${o.value} (${o.release})`)
      .sort();
  };
  const publish = async (release: string) => {
    const res = await admin(member.server.url, token, `mutation($r: String!) { publishRelease(name: $r) { ok error } }`, { r: release });
    expect(res.data.publishRelease).toEqual({ ok: true, error: null });
  };
  /** A release's cells as stored (series key: BORDER_TYPE;CITIZENSHIP;DIRECTION;TRAVELLER). */
  const draftCells = (release: string) =>
    member.sql<{ indicator: string; period: string; series_key: string; value: number; conf_status: string }[]>`
      select o.indicator, o.period, o.series_key, o.value::float8 as value, o.conf_status from country.observations o
        join country.releases r on r.id = o.release_id where r.country = ${MEMBER} and r.name = ${release}
       order by o.indicator, o.period, o.series_key`;

  it('a new release withdraws the cells the corrections took away; asOf and the history keep them', async () => {
    token = await tokenFor(member.db.handle, MEMBER);
    expect((await uploadRecords(member.server.url, token, file(RECORDS), { kind: 'crossings' })).body.errors).toEqual([]);
    const first = await derive(member.server.url, token, { release: 'crossings v1', extractedAt: EXTRACTED });
    expect(first.body.error).toBeNull();
    expect(first.body.periods.BORDER_CROSSINGS.derived).toEqual({ first: '2022-12', last: '2023-12', count: 13 });
    await publish('crossings v1');
    const published = new Date().toISOString();
    // The release says when its records were extracted: to readers (and the secretariat through
    // the gateway), and to the focal point reviewing a draft.
    const releases = await entity(`releases { name recordsExtractedAt }`);
    expect(releases.data._entities[0].releases).toEqual([{ name: 'crossings v1', recordsExtractedAt: '2023-12-31T18:00:00.000Z' }]);
    const before = await byCitizenship();
    expect(before).toContain('2023-01 TUR=1 (crossings v1)');
    expect(before).toContain('2022-12 _T=1 (crossings v1)');
    expect(before).toContain('2023-01 UZB=1 (crossings v1)');

    const corrected = { ...RECORDS, R5: RECORDS.R5!.replace(',TUR,', ',UZB,'), R7: RECORDS.R7!.replace('2022-12-05', '2023-12-05') };
    const fixed = await uploadRecords(member.server.url, token, file(corrected), { kind: 'crossings' });
    expect(fixed.body).toMatchObject({ ok: true, corrected: 2, added: 0 });
    const second = await derive(member.server.url, token, { release: 'crossings v2', extractedAt: EXTRACTED });
    expect(second.body.error).toBeNull();
    expect(second.body.periods.BORDER_CROSSINGS.derived).toEqual({ first: '2023-01', last: '2023-12', count: 12 });
    // December 2022's one crossing: the total, one cell by each dimension and two cross-classified.
    expect(second.body.stale).toBe(7);
    // The review lists what publication will withdraw: the typo's cells and the month only it had.
    const withdrawn = (second.body.import.withdrawn as { period: string; dimensions: Record<string, string> }[]).map(
      (c) => `${c.period} ${c.dimensions.CITIZENSHIP}`,
    );
    expect(withdrawn).toContain('2023-01 TUR');
    expect(withdrawn).toContain('2022-12 _T');
    expect(withdrawn).toContain('2022-12 RUS');
    await publish('crossings v2');

    const after = await byCitizenship();
    expect(after.filter((c) => c.includes('(crossings v1)'))).toEqual([]);
    expect(after.filter((c) => c.startsWith('2022-12'))).toEqual([]);
    expect(after.filter((c) => c.startsWith('2023-01'))).toEqual([
      '2023-01 KAZ=2 (crossings v2)',
      '2023-01 UZB=2 (crossings v2)',
      '2023-01 _T=4 (crossings v2)',
    ]);
    expect(after).toContain('2023-12 RUS=1 (crossings v2)');
    // As published before the revision, the first derivation stands whole.
    expect(await byCitizenship(published)).toEqual(before);
    const history = await entity(
      `history(indicator: "BORDER_CROSSINGS", period: "2023-01", filter: [{ dimension: "CITIZENSHIP", codes: ["TUR"] }]) {
          value release validTo }`,
    );
    expect(history.data._entities[0].history).toEqual([{ value: 1, release: 'crossings v1', validTo: expect.any(String) }]);
  });

  it('deriving twice into the same draft keeps nothing of the first run', async () => {
    const current: Record<string, string> = {
      ...RECORDS,
      R5: RECORDS.R5!.replace(',TUR,', ',UZB,'),
      R7: RECORDS.R7!.replace('2022-12-05', '2023-12-05'),
    };
    const once = await derive(member.server.url, token, { release: 'crossings v3', extractedAt: EXTRACTED });
    expect(once.body.error).toBeNull();
    const firstRun = await draftCells('crossings v3');
    expect(firstRun.some((c) => c.period === '2023-01' && c.series_key === '_T;KAZ;_T;_T')).toBe(true);
    // P1 was Russian, not Kazakh, and P4 entered in November, not December.
    const corrected: Record<string, string> = {
      ...current,
      R1: current.R1!.replace(/KAZ/g, 'RUS'),
      R2: current.R2!.replace(/KAZ/g, 'RUS'),
    };
    corrected.R7 = corrected.R7!.replace('2023-12-05', '2023-11-05');
    expect((await uploadRecords(member.server.url, token, file(corrected), { kind: 'crossings' })).body).toMatchObject({ corrected: 3 });
    const again = await derive(member.server.url, token, { release: 'crossings v3', extractedAt: '2024-01-02T00:00:00+06:00' });
    expect(again.body.error).toBeNull();
    const review = await admin(member.server.url, token, `{ release(name: "crossings v3") { status recordsExtractedAt } }`);
    expect(review.data.release).toEqual({ status: 'DRAFT', recordsExtractedAt: '2024-01-01T18:00:00.000Z' });
    // What a single derivation of the corrected records gives, in a release of its own.
    const fresh = await derive(member.server.url, token, { release: 'crossings v3 from scratch', extractedAt: EXTRACTED });
    expect(fresh.body.error).toBeNull();
    const rerun = await draftCells('crossings v3');
    expect(rerun).toEqual(await draftCells('crossings v3 from scratch'));
    expect(rerun.filter((c) => c.series_key.split(';')[1] === 'KAZ')).toEqual([]);
    // December's table is still derived (the month ended), with nobody crossing in it.
    expect(rerun.filter((c) => c.period === '2023-12')).toEqual([
      { indicator: 'BORDER_CROSSINGS', period: '2023-12', series_key: '_T;_T;_T;_T', value: 0, conf_status: 'F' },
    ]);
  });

  it('a derivation of some months only leaves the other months of earlier ones alone', async () => {
    const june = await derive(member.server.url, token, {
      release: 'crossings June',
      from: '2023-06',
      to: '2023-06',
      extractedAt: EXTRACTED,
    });
    expect(june.body.error).toBeNull();
    expect(june.body.periods.BORDER_CROSSINGS.derived).toEqual({ first: '2023-06', last: '2023-06', count: 1 });
    expect(june.body.stale).toBe(0);
    // Its June table is the one published (crossings v2): publishing it withdraws nothing.
    expect(june.body.import.withdrawnCount).toBe(0);
  });
});
