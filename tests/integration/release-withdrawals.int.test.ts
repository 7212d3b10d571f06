// A release's figures for an indicator and period are that table: cells of earlier releases it does
// not carry are withdrawn when it becomes visible (unless the focal point merges, or deletes named
// cells with SDMX ACTION D), and they stay in the history. Real subgraph, real PostgreSQL.
import { beforeAll, describe, expect, it } from 'vitest';
import { gql } from '../harness/graphql.js';
import { admin, memberSubgraph, tokenFor, upload } from '../harness/publishing.js';

const HEADER = 'DATAFLOW,INDICATOR,SEX,CITIZENSHIP,TIME_PERIOD,OBS_VALUE,OBS_STATUS';
const row = (sex: string, citizenship: string, value: number, period = '2024') =>
  `MIGFED:DF_MIGRATION(1.0),WORK_PERMITS_ISSUED,${sex},${citizenship},${period},${value},A`;
const csv = (...rows: string[]) => `${HEADER}\n${rows.join('\n')}\n`;

/** Moldova's first 2024 release: nine citizenships adding up to the total of 5,000. */
const FIRST = csv(
  row('_T', '_T', 5000),
  row('F', '_T', 2000),
  row('M', '_T', 3000),
  ...Object.entries({ ISR: 300, ITA: 250, ROU: 400, RUS: 244, USA: 200, TUR: 1200, UKR: 900, CHN: 500, _O: 1006 }).map(([c, v]) =>
    row('_T', c, v),
  ),
);
const EVERY_CITIZENSHIP = ['ISR', 'ITA', 'ROU', 'RUS', 'USA', 'TUR', 'UKR', 'CHN', '_O'];
/** The revision of the issue's Moldova scenario: the total and four citizenships only. */
const REVISION = csv(
  row('_T', '_T', 4210),
  row('F', '_T', 1480),
  row('M', '_T', 2730),
  row('_T', 'TUR', 1350),
  row('_T', 'UKR', 990),
  row('_T', 'CHN', 610),
  row('_T', '_O', 1260),
);

describe('releases replace the tables they carry', () => {
  const member = memberSubgraph('withdrawals');
  let token: string;
  const read = async (fields: string) => {
    const res = await gql(
      member.server.url,
      `{ _entities(representations: [{ __typename: "MDA", iso3: "MDA" }]) { ... on MDA { ${fields} } } }`,
    );
    expect(res.errors).toBeUndefined();
    return res.data._entities[0];
  };
  const byCitizenship = async (asOf?: string) =>
    (
      (
        await read(`observations(indicator: "WORK_PERMITS_ISSUED", from: "2024", to: "2024", ${asOf ? `asOf: "${asOf}", ` : ''}
          filter: [{ dimension: "CITIZENSHIP", codes: ${JSON.stringify(EVERY_CITIZENSHIP)} }]) { value release dimensions { dimension code } }`)
      ).observations as { value: number; release: string; dimensions: { dimension: string; code: string }[] }[]
    ).map((o) => ({ code: o.dimensions.find((d) => d.dimension === 'CITIZENSHIP')!.code, value: o.value, release: o.release }));
  const total = async () =>
    (await read(`observations(indicator: "WORK_PERMITS_ISSUED", from: "2024", to: "2024") { value }`)).observations[0].value as number;
  const publish = async (name: string, at?: string) => {
    const res = await admin(
      member.server.url,
      token,
      `mutation($n: String!, $at: DateTime) { publishRelease(name: $n, at: $at) { ok error release { visibleFrom } } }`,
      { n: name, at: at ?? null },
    );
    expect(res.data.publishRelease).toMatchObject({ ok: true, error: null });
    return res.data.publishRelease.release.visibleFrom as string;
  };
  let firstVisible: string;
  let revisionVisible: string;

  beforeAll(async () => {
    token = await tokenFor(member.db.handle, 'MDA');
    expect((await upload(member.server.url, token, FIRST, { release: '2024 annual' })).report).toMatchObject({ ok: true, warnings: [] });
    firstVisible = await publish('2024 annual');
  });

  it('a dry run of the revision lists the five cells it would withdraw and writes nothing', async () => {
    const { report } = await upload(member.server.url, token, REVISION, { release: '2024 revised', dryRun: true });
    expect(report).toMatchObject({ ok: true, dryRun: true, written: 0, errors: [], warnings: [], withdrawnCount: 5 });
    expect(report!.withdrawn.map((c) => [c.dimensions.CITIZENSHIP, c.value, c.release])).toEqual([
      ['ISR', 300, '2024 annual'],
      ['ITA', 250, '2024 annual'],
      ['ROU', 400, '2024 annual'],
      ['RUS', 244, '2024 annual'],
      ['USA', 200, '2024 annual'],
    ]);
    expect((await admin(member.server.url, token, `{ releases { name } }`)).data.releases).toEqual([{ name: '2024 annual' }]);
  });

  it('the Moldova revision leaves a consistent 2024 breakdown, and the withdrawn cells in the history', async () => {
    const { report } = await upload(member.server.url, token, REVISION, { release: '2024 revised' });
    expect(report).toMatchObject({ ok: true, written: 7, withdrawnCount: 5 });
    const draft = await admin(
      member.server.url,
      token,
      `{ release(name: "2024 revised") { status withdrawnCount withdrawn { period value release dimensions { dimension code } } } }`,
    );
    expect(draft.data.release).toMatchObject({ status: 'DRAFT', withdrawnCount: 5 });
    // Readers still see the first release until the revision is published.
    expect((await byCitizenship()).map((c) => c.code).sort()).toEqual([...EVERY_CITIZENSHIP].sort());
    revisionVisible = await publish('2024 revised');

    const now = await byCitizenship();
    expect(now).toEqual([
      { code: 'CHN', value: 610, release: '2024 revised' },
      { code: 'TUR', value: 1350, release: '2024 revised' },
      { code: 'UKR', value: 990, release: '2024 revised' },
      { code: '_O', value: 1260, release: '2024 revised' },
    ]);
    expect(now.reduce((sum, c) => sum + c.value, 0)).toBe(await total());
    expect(await total()).toBe(4210);

    // As published before the revision: the nine cells of the first release.
    const before = await byCitizenship(new Date(new Date(revisionVisible).getTime() - 1).toISOString());
    expect(before.map((c) => c.code).sort()).toEqual([...EVERY_CITIZENSHIP].sort());
    expect(before.reduce((sum, c) => sum + c.value, 0)).toBe(5000);

    // The history keeps the withdrawn cell, closed when the revision became visible.
    const history = (
      await read(
        `history(indicator: "WORK_PERMITS_ISSUED", period: "2024", filter: [{ dimension: "CITIZENSHIP", codes: ["ISR"] }]) { value release validFrom validTo }`,
      )
    ).history;
    expect(history).toEqual([{ value: 300, release: '2024 annual', validFrom: firstVisible, validTo: revisionVisible }]);

    // The published revision still says what it withdrew.
    const published = await admin(
      member.server.url,
      token,
      `{ release(name: "2024 revised") { status withdrawnCount withdrawn { value dimensions { dimension code } } } }`,
    );
    expect(published.data.release.status).toBe('PUBLISHED');
    expect(published.data.release.withdrawnCount).toBe(5);
  });

  it('ACTION D withdraws the named cell only; --action merge adds to the published table', async () => {
    const deletion = `STRUCTURE,STRUCTURE_ID,ACTION,INDICATOR,CITIZENSHIP,TIME_PERIOD,OBS_VALUE\ndataflow,MIGFED:DF_MIGRATION(1.0),D,WORK_PERMITS_ISSUED,CHN,2024,\n`;
    const { report } = await upload(member.server.url, token, deletion, { release: '2024 without CHN' });
    expect(report).toMatchObject({ ok: true, written: 0, withdrawnCount: 1 });
    expect(report!.withdrawn[0]).toMatchObject({ value: 610, release: '2024 revised', dimensions: { CITIZENSHIP: 'CHN', SEX: '_T' } });
    await publish('2024 without CHN');
    expect((await byCitizenship()).map((c) => c.code)).toEqual(['TUR', 'UKR', '_O']);
    expect(await total()).toBe(4210);

    const merged = await upload(member.server.url, token, csv(row('_T', 'CHN', 610)), { release: '2024 CHN again', action: 'merge' });
    expect(merged.report).toMatchObject({ ok: true, written: 1, withdrawnCount: 0, warnings: [] });
    await publish('2024 CHN again');
    expect((await byCitizenship()).map((c) => `${c.code}=${c.value}`)).toEqual(['CHN=610', 'TUR=1350', 'UKR=990', '_O=1260']);
    expect(await total()).toBe(4210);
  });

  it('marks revised values with the value published before, as seen at asOf; a status change alone is no revision', async () => {
    const statusOnly = `${HEADER}\nMIGFED:DF_MIGRATION(1.0),WORK_PERMITS_ISSUED,_T,_O,2024,1260,E\n`;
    expect((await upload(member.server.url, token, statusOnly, { release: '2024 _O estimated', action: 'merge' })).report?.ok).toBe(true);
    await publish('2024 _O estimated');
    const marks = async (asOf?: string) =>
      (
        await read(`observations(indicator: "WORK_PERMITS_ISSUED", from: "2024", to: "2024", ${asOf ? `asOf: "${asOf}", ` : ''}
          filter: [{ dimension: "CITIZENSHIP", codes: ["_T", "TUR", "_O", "ISR"] }]) { value status revised previousValue dimensions { dimension code } }`)
      ).observations.map(
        (o: { value: number; status: string; revised: boolean; previousValue: number | null; dimensions: { code: string }[] }) => [
          o.dimensions.map((d) => d.code).join(' '),
          o.value,
          o.status,
          o.revised,
          o.previousValue,
        ],
      );
    expect(await marks()).toEqual([
      ['_T TUR', 1350, 'A', true, 1200],
      ['_T _O', 1260, 'E', false, null],
      ['_T _T', 4210, 'A', true, 5000],
    ]);
    // As published before the revision: the first release's figures, nothing revised yet.
    expect(await marks(new Date(new Date(revisionVisible).getTime() - 1).toISOString())).toEqual([
      ['_T ISR', 300, 'A', false, null],
      ['_T TUR', 1200, 'A', false, null],
      ['_T _O', 1006, 'A', false, null],
      ['_T _T', 5000, 'A', false, null],
    ]);
  });

  it('checks additivity on the table as it will be published, not on the file alone', async () => {
    // Merging a citizenship the published total does not allow for: the file alone has no total.
    const { report } = await upload(member.server.url, token, csv(row('_T', 'ISR', 100)), {
      release: 'too many',
      action: 'merge',
      dryRun: true,
    });
    expect(report?.ok).toBe(true);
    expect(report!.warnings).toEqual([
      expect.objectContaining({
        line: 2,
        column: 'CITIZENSHIP',
        message: expect.stringMatching(/adds up to 4310, not to the total 4210 .*published earlier/),
      }),
    ]);
    // Replacing the table with a total and fewer cells than before is judged on the new table alone.
    const replaced = await upload(member.server.url, token, csv(row('_T', '_T', 1000), row('_T', 'TUR', 1000)), {
      release: 'r',
      dryRun: true,
    });
    expect(replaced.report).toMatchObject({ ok: true, warnings: [], withdrawnCount: 5 });
  });

  it('refuses a file that both replaces and merges one table, naming the lines', async () => {
    const mixed = `ACTION,INDICATOR,CITIZENSHIP,TIME_PERIOD,OBS_VALUE\nR,WORK_PERMITS_ISSUED,_T,2023,10\nM,WORK_PERMITS_ISSUED,TUR,2023,10\nX,WORK_PERMITS_ISSUED,UKR,2022,1\n`;
    const { report } = await upload(member.server.url, token, mixed, { release: 'mixed' });
    expect(report?.ok).toBe(false);
    expect(report!.errors).toEqual([
      expect.objectContaining({ line: 4, column: 'ACTION', message: expect.stringMatching(/unknown ACTION "X"/) }),
    ]);
    const fixed = mixed.replace('\nX,', '\nR,');
    const second = await upload(member.server.url, token, fixed, { release: 'mixed' });
    expect(second.report?.errors).toEqual([
      expect.objectContaining({
        line: 3,
        column: 'ACTION',
        message: expect.stringMatching(/merges into WORK_PERMITS_ISSUED 2023, which line 2 replaces/),
      }),
    ]);
    expect((await upload(member.server.url, token, fixed, { release: 'mixed', action: 'nonsense' })).error).toMatchObject({
      code: 'BAD_USER_INPUT',
      message: expect.stringMatching(/must be replace .* or merge/),
    });
  });
});
