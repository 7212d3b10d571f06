// a focal point imports, sees what is wrong, publishes (now or under embargo) and revises,
// and nobody loses a figure that was cited before. Real subgraph, real PostgreSQL.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { gql } from '../harness/graphql.js';
import { admin, memberSubgraph, tokenFor, upload } from '../harness/publishing.js';

const HEADER = 'DATAFLOW,INDICATOR,SEX,CITIZENSHIP,TIME_PERIOD,OBS_VALUE,OBS_STATUS,CONF_STATUS';
const csv = (...rows: string[]) => `${HEADER}\n${rows.join('\n')}\n`;
const GOOD = csv(
  'MIGFED:DF_MIGRATION(1.0),WORK_PERMITS_ISSUED,_T,_T,2023,1000,A,F',
  'MIGFED:DF_MIGRATION(1.0),WORK_PERMITS_ISSUED,F,_T,2023,400,A,F',
  'MIGFED:DF_MIGRATION(1.0),WORK_PERMITS_ISSUED,M,_T,2023,600,A,F',
  'MIGFED:DF_MIGRATION(1.0),WORK_PERMITS_ISSUED,_T,UKR,2023,700,P,F',
);

describe('publishing through a member subgraph', () => {
  const member = memberSubgraph('publishing');
  let token: string;
  const read = async (fields: string) =>
    (await gql(member.server.url, `{ _entities(representations: [{ __typename: "MDA", iso3: "MDA" }]) { ... on MDA { ${fields} } } }`)).data
      ._entities[0];
  const total2023 = async (asOf?: string) =>
    (
      await read(
        `observations(indicator: "WORK_PERMITS_ISSUED", from: "2023", to: "2023"${asOf ? `, asOf: "${asOf}"` : ''}) { value release }`,
      )
    ).observations;

  beforeAll(async () => {
    token = await tokenFor(member.db.handle, 'MDA');
  });

  it('reports every problem of a broken file at once, with line and column, and writes nothing', async () => {
    const broken = csv(
      'X,WORK_PERMITS_ISSUED,_T,_T,2023,1000,A,F',
      'X,WORK_PERMITS,_T,_T,2023,5,A,F',
      'X,WORK_PERMITS_ISSUED,Q,_T,2023,5,A,F',
      'X,WORK_PERMITS_ISSUED,_T,ATLANTIS,2023,5,A,F',
      'X,WORK_PERMITS_ISSUED,F,_T,2023-05,5,A,F',
      'X,WORK_PERMITS_ISSUED,M,_T,2023,-4,A,F',
      'X,WORK_PERMITS_ISSUED,M,_T,2022,12a,A,F',
      'X,WORK_PERMITS_ISSUED,_T,_T,2023,999,A,F',
      'X,WORK_PERMITS_ISSUED,_T,_T,2021,,A,F',
      'X,WORK_PERMITS_ISSUED,_T,_T,2020,,O,F',
      'X,WORK_PERMITS_ISSUED,_T,_T,2019,1,Z,F',
    );
    const { report } = await upload(member.server.url, token, broken, { release: 'broken', dryRun: false });
    expect(report?.ok).toBe(false);
    const found = report!.errors.map((e) => `${e.line}:${e.column ?? ''}:${e.message}`);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^3:INDICATOR:unknown indicator "WORK_PERMITS"/),
        expect.stringMatching(/^4:SEX:unknown code "Q" for SEX/),
        expect.stringMatching(/^5:CITIZENSHIP:unknown code "ATLANTIS"/),
        expect.stringMatching(/^6:TIME_PERIOD:period "2023-05" does not fit WORK_PERMITS_ISSUED, which is annual/),
        expect.stringMatching(/^7:OBS_VALUE:a count cannot be negative/),
        expect.stringMatching(/^8:OBS_VALUE:OBS_VALUE "12a" is not a number/),
        expect.stringMatching(/^9::the same cell as line 2/),
        expect.stringMatching(/^10:OBS_VALUE:the value is missing but OBS_STATUS A does not say why/),
        expect.stringMatching(/^12:OBS_STATUS:unknown OBS_STATUS "Z"/),
      ]),
    );
    expect(found.some((f) => f.startsWith('11:'))).toBe(false); // missing with O is fine
    expect(report!.errorCount).toBe(report!.errors.length);
    const releases = await admin(member.server.url, token, `{ releases { name } }`);
    expect(releases.data.releases).toEqual([]);
  });

  it('accepts the example file the README shows', async () => {
    const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
    const example = /An example \(`mda-2024\.csv`\)[\s\S]*?```csv\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example?.split('\n').filter(Boolean)).toHaveLength(12);
    const { report } = await upload(member.server.url, token, example!, { dryRun: true });
    expect(report).toMatchObject({ ok: true, rows: 11, errors: [], warnings: [] });
  });

  it('rejects an unknown column in the header, naming it', async () => {
    const { report } = await upload(member.server.url, token, 'INDICATOR,TIME_PERIOD,OBS_VALUE,COLOUR\nWORK_PERMITS_ISSUED,2023,1,red\n', {
      dryRun: true,
    });
    expect(report?.errors[0]).toMatchObject({ line: 1, column: 'COLOUR' });
    expect(report?.errors[0]?.message).toMatch(/unknown column "COLOUR"/);
  });

  it('reads SDMX-CSV 2.0 with ";" and labelled columns, and warns when a breakdown does not add up', async () => {
    const file =
      'STRUCTURE;STRUCTURE_ID;ACTION;INDICATOR;SEX: Sex;TIME_PERIOD;OBS_VALUE\n' +
      'dataflow;MIGFED:DF_MIGRATION(1.0);I;RETURNS;F;2022;50\n' +
      'dataflow;MIGFED:DF_MIGRATION(1.0);I;WORK_PERMITS_ISSUED;_T;2022;100\n' +
      'dataflow;MIGFED:DF_MIGRATION(1.0);I;WORK_PERMITS_ISSUED;F;2022;30\n' +
      'dataflow;MIGFED:DF_MIGRATION(1.0);I;WORK_PERMITS_ISSUED;M;2022;60\n';
    const { report } = await upload(member.server.url, token, file, { dryRun: true });
    expect(report?.errors).toEqual([
      expect.objectContaining({ line: 2, column: 'SEX', message: expect.stringMatching(/SEX does not apply to RETURNS/) }),
    ]);
    const fixed = file.replace('I;RETURNS;F;2022;50', 'I;RETURNS;;2022;50');
    const second = await upload(member.server.url, token, fixed, { dryRun: true });
    expect(second.report?.ok).toBe(true);
    expect(second.report?.warnings).toEqual([
      expect.objectContaining({
        line: 3,
        column: 'SEX',
        message: 'the breakdown by SEX (2 cells) adds up to 90, not to the total 100 on this line',
      }),
    ]);
  });

  it('says where a row cannot be split into the columns, and rejects a file that is not text', async () => {
    const body = `${HEADER}\nX,WORK_PERMITS_ISSUED,_T,_T,2023,1000,A,F\n\nX,WORK_PERMITS_ISSUED,_T\nX,"WORK_PERMITS,ISSUED",_T,_T,2022,5,A,F\n`;
    const { report } = await upload(member.server.url, token, body, { dryRun: true });
    expect(report?.errors.map((e) => [e.line, e.column, e.message])).toEqual([
      [4, undefined, 'this row has 3 fields; the header has 8'],
      [5, 'INDICATOR', expect.stringMatching(/^unknown indicator "WORK_PERMITS,ISSUED"/)],
    ]);
    const binary = await upload(member.server.url, token, `${HEADER}\nX,WORK\u0000,_T,_T,2023,1,A,F\n`, { dryRun: true });
    expect(binary.report?.errors[0]?.message).toMatch(/NUL byte/);
  });

  it('keeps an import as a draft that only the focal point sees, then publishes it', async () => {
    const { report } = await upload(member.server.url, token, GOOD, { release: '2023 annual' });
    expect(report).toMatchObject({ ok: true, rows: 4, written: 4 });
    expect(await total2023()).toEqual([]);
    const draft = await admin(
      member.server.url,
      token,
      `{ release(name: "2023 annual") { status cells observations { value } changes { value previousValue } } }`,
    );
    expect(draft.data.release).toMatchObject({ status: 'DRAFT', cells: 4 });
    expect(draft.data.release.changes).toHaveLength(4);
    const published = await admin(
      member.server.url,
      token,
      `mutation { publishRelease(name: "2023 annual") { ok error cells revised release { status } } }`,
    );
    expect(published.data.publishRelease).toEqual({ ok: true, error: null, cells: 4, revised: 0, release: { status: 'PUBLISHED' } });
    expect(await total2023()).toEqual([{ value: 1000, release: '2023 annual' }]);
  });

  it('never changes a published release, and keeps the old figure readable with asOf after a revision', async () => {
    const again = await upload(member.server.url, token, GOOD, { release: '2023 annual' });
    expect(again.report?.errors[0]?.message).toMatch(/"2023 annual" was published .* cannot change/);
    const before = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    const revised = GOOD.replace('_T,_T,2023,1000,A,F', '_T,_T,2023,1010,A,F').replace('M,_T,2023,600', 'M,_T,2023,610');
    expect((await upload(member.server.url, token, revised, { release: '2023 annual, revision 1' })).report?.ok).toBe(true);
    const pub = await admin(member.server.url, token, `mutation { publishRelease(name: "2023 annual, revision 1") { ok revised } }`);
    expect(pub.data.publishRelease).toEqual({ ok: true, revised: 4 });
    expect(await total2023()).toEqual([{ value: 1010, release: '2023 annual, revision 1' }]);
    expect(await total2023(before)).toEqual([{ value: 1000, release: '2023 annual' }]);
    // Both vintages in one request (as the explorer's Revision example asks): each alias its own answer.
    const both = await read(`now: observations(indicator: "WORK_PERMITS_ISSUED", from: "2023", to: "2023") { value }
      then: observations(indicator: "WORK_PERMITS_ISSUED", from: "2023", to: "2023", asOf: "${before}") { value }`);
    // biome-ignore lint/suspicious/noThenProperty: a GraphQL alias in the query above, never awaited
    expect(both).toEqual({ now: [{ value: 1010 }], then: [{ value: 1000 }] });
    const { history, releases } = await read(`history(indicator: "WORK_PERMITS_ISSUED", period: "2023") { value release validFrom validTo }
      releases { name cells changes { period value previousValue previousRelease dimensions { dimension code } } }`);
    expect(history.map((h: { value: number }) => h.value)).toEqual([1000, 1010]);
    expect(history[0].validTo).toBe(history[1].validFrom);
    expect(releases[0].name).toBe('2023 annual, revision 1');
    expect(releases[0].changes.map((c: { value: number; previousValue: number }) => [c.previousValue, c.value]).sort()).toEqual([
      [1000, 1010],
      [600, 610],
    ]);
  });

  it('holds an embargoed release back until its date', async () => {
    const file = csv('X,WORK_PERMITS_ISSUED,_T,_T,2024,1200,P,F');
    expect((await upload(member.server.url, token, file, { release: '2024 annual' })).report?.ok).toBe(true);
    const at = new Date(Date.now() + 1500).toISOString();
    const pub = await admin(
      member.server.url,
      token,
      `mutation($at: DateTime) { publishRelease(name: "2024 annual", at: $at) { ok release { visibleFrom } } }`,
      { at },
    );
    expect(pub.data.publishRelease.ok).toBe(true);
    const read2024 = async () => (await read(`observations(indicator: "WORK_PERMITS_ISSUED", from: "2024") { value }`)).observations;
    expect(await read2024()).toEqual([]);
    await new Promise((r) => setTimeout(r, 1700));
    expect(await read2024()).toEqual([{ value: 1200 }]);
  });

  it('withholds cells below the small-count threshold', async () => {
    const file =
      'INDICATOR,CITIZENSHIP,TIME_PERIOD,OBS_VALUE\nASYLUM_APPLICATIONS,_T,2023,40\nASYLUM_APPLICATIONS,SYR,2023,3\nASYLUM_APPLICATIONS,_O,2023,37\n';
    expect((await upload(member.server.url, token, file, { release: 'asylum 2023' })).report?.ok).toBe(true);
    await admin(member.server.url, token, `mutation { publishRelease(name: "asylum 2023") { ok } }`);
    const { observations } = await read(
      `observations(indicator: "ASYLUM_APPLICATIONS", filter: [{ dimension: "CITIZENSHIP", codes: ["SYR", "_O"] }]) { value confidentiality dimensions { code } }`,
    );
    const syr = observations.find((o: { dimensions: { code: string }[] }) => o.dimensions.some((d) => d.code === 'SYR'));
    expect(syr).toMatchObject({ value: null, confidentiality: 'A' });
  });

  it('refuses writes without a token or with another member’s, and logs accepted ones', async () => {
    expect((await upload(member.server.url, undefined, GOOD)).status).toBe(401);
    const geo = await tokenFor(member.db.handle, 'GEO');
    const other = await upload(member.server.url, geo, GOOD);
    expect(other.status).toBe(403);
    expect(other.error?.message).toMatch(/belongs to GEO; only MDA's focal points may write here/);
    const anonymous = await admin(member.server.url, undefined, `{ releases { name } }`);
    expect(anonymous.status).toBe(401);
    const log = await admin(member.server.url, token, `{ auditLog { action release cells actor } }`);
    expect(log.data.auditLog).toEqual(
      expect.arrayContaining([
        { action: 'import', release: '2023 annual', cells: 4, actor: 'test focal point MDA' },
        { action: 'publish', release: '2023 annual, revision 1', cells: 4, actor: 'test focal point MDA' },
      ]),
    );
  });

  it('replaces only the cells a re-import into a draft has, however often, and refuses a file that gives a cell twice', async () => {
    const cells = async () =>
      (
        await admin(
          member.server.url,
          token,
          `{ release(name: "draft work") { cells observations { period value dimensions { dimension code } } } }`,
        )
      ).data.release;
    const row = (sex: string, value: number) => `MIGFED:DF_MIGRATION(1.0),WORK_PERMITS_ISSUED,${sex},_T,2022,${value},A,F`;
    expect(
      (await upload(member.server.url, token, csv(row('_T', 10), row('F', 4), row('M', 6)), { release: 'draft work' })).report?.ok,
    ).toBe(true);
    expect((await upload(member.server.url, token, csv(row('F', 5)), { release: 'draft work' })).report?.ok).toBe(true);
    expect((await upload(member.server.url, token, csv(row('M', 7), row('_T', 12)), { release: 'draft work' })).report?.ok).toBe(true);
    const bySex = (r: { observations: { value: number; dimensions: { dimension: string; code: string }[] }[] }) =>
      Object.fromEntries(r.observations.map((o) => [o.dimensions.find((d) => d.dimension === 'SEX')!.code, o.value]));
    expect(bySex(await cells())).toEqual({ _T: 12, F: 5, M: 7 });
    // Only the duplicate is wrong: the release index finds it, and the draft stays as it was.
    const { report } = await upload(member.server.url, token, csv(row('F', 1), row('M', 2), row('F', 3)), { release: 'draft work' });
    expect(report).toMatchObject({
      ok: false,
      written: 0,
      errorCount: 1,
      errors: [{ line: 4, message: 'the same cell as line 2 (WORK_PERMITS_ISSUED, 2022)' }],
    });
    expect(bySex(await cells())).toEqual({ _T: 12, F: 5, M: 7 });
    const dry = await upload(member.server.url, token, csv(row('F', 1), row('F', 3)), { release: 'draft work', dryRun: true });
    expect(dry.report).toMatchObject({ ok: false, errors: [{ line: 3, message: 'the same cell as line 2 (WORK_PERMITS_ISSUED, 2022)' }] });
  });

  it('applies a small edit to a large draft in place, with the same rules', async () => {
    const cits = ['UKR', 'TUR', 'CHN', 'ROU', 'RUS', 'ISR', 'ITA', 'DEU', 'USA', 'BLR'];
    const row = (sex: string, cit: string, value: number) => `MIGFED:DF_MIGRATION(1.0),WORK_PERMITS_ISSUED,${sex},${cit},2021,${value},A,F`;
    const all = ['F', 'M', '_T'].flatMap((sex) => cits.map((cit, i) => row(sex, cit, 100 + i)));
    expect((await upload(member.server.url, token, csv(...all), { release: 'big draft' })).report).toMatchObject({ ok: true, written: 30 });
    const cell = async (_sex: string, _cit: string) =>
      (
        await admin(
          member.server.url,
          token,
          `{ release(name: "big draft") { cells observations(limit: 100) { value dimensions { dimension code } } } }`,
        )
      ).data.release as {
        cells: number;
        observations: { value: number; dimensions: { dimension: string; code: string }[] }[];
      };
    const cellValue = (r: Awaited<ReturnType<typeof cell>>, sex: string, cit: string) =>
      r.observations.find(
        (o) =>
          o.dimensions.some((d) => d.dimension === 'SEX' && d.code === sex) &&
          o.dimensions.some((d) => d.dimension === 'CITIZENSHIP' && d.code === cit),
      )?.value;
    // The partition's table stays the same one: the edit went in place, not through a rebuilt copy.
    const table = async () => {
      const result = await member.db.handle.db.execute<{ oid: number }>(
        sql`select c.oid::int as oid from country.releases r join pg_class c on c.relname = 'observations_r' || r.id where r.name = 'big draft'`,
      );
      return (Array.isArray(result) ? result : (result as unknown as { rows: { oid: number }[] }).rows)[0]?.oid;
    };
    const before = await table();
    // A cell given twice is refused and changes nothing; one cell changes only that cell.
    const twice = await upload(member.server.url, token, csv(row('F', 'UKR', 1), row('F', 'UKR', 2)), { release: 'big draft' });
    expect(twice.report).toMatchObject({
      ok: false,
      errors: [{ line: 3, message: 'the same cell as line 2 (WORK_PERMITS_ISSUED, 2021)' }],
    });
    expect((await upload(member.server.url, token, csv(row('F', 'UKR', 7)), { release: 'big draft' })).report).toMatchObject({
      ok: true,
      written: 1,
    });
    const after = await cell('F', 'UKR');
    expect([after.cells, cellValue(after, 'F', 'UKR'), cellValue(after, 'M', 'UKR')]).toEqual([30, 7, 100]);
    const edit = await admin(
      member.server.url,
      token,
      `mutation { setObservation(release: "big draft", indicator: "WORK_PERMITS_ISSUED", period: "2021", dimensions: [{ dimension: "SEX", code: "M" }, { dimension: "CITIZENSHIP", code: "TUR" }], value: 55) { ok release { cells } } }`,
    );
    expect(edit.data.setObservation).toEqual({ ok: true, release: { cells: 30 } });
    expect(cellValue(await cell('M', 'TUR'), 'M', 'TUR')).toBe(55);
    expect(await table()).toBe(before);
  });

  it('applies a small edit through the same rules', async () => {
    const bad = await admin(
      member.server.url,
      token,
      `mutation { setObservation(release: "fix", indicator: "RETURNS", period: "2023-07", value: 3) { ok errors { column message } } }`,
    );
    expect(bad.data.setObservation.ok).toBe(false);
    expect(bad.data.setObservation.errors[0].column).toBe('TIME_PERIOD');
    const ok = await admin(
      member.server.url,
      token,
      `mutation { setObservation(release: "fix", indicator: "RETURNS", period: "2023", dimensions: [{ dimension: "RETURN_TYPE", code: "FORCED" }], value: 3) { ok release { cells status } } }`,
    );
    expect(ok.data.setObservation).toEqual({ ok: true, release: { cells: 1, status: 'DRAFT' } });
  });
});
