// A release published under embargo can be cancelled or moved until it becomes visible, and not
// after; readers never see a cancelled one, and it is never merged into a shared partition.
// Real subgraph, real PostgreSQL.
import { describe, expect, it } from 'vitest';
import { gql } from '../harness/graphql.js';
import { admin, memberSubgraph, tokenFor, upload } from '../harness/publishing.js';

const file = (value: number, period = '2024') =>
  `INDICATOR,SEX,TIME_PERIOD,OBS_VALUE\nWORK_PERMITS_ISSUED,_T,${period},${value}\nWORK_PERMITS_ISSUED,F,${period},${value - 10}\nWORK_PERMITS_ISSUED,M,${period},10\n`;
const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
const RELEASE = `release { name status visibleFrom }`;

describe('scheduled releases', () => {
  const member = memberSubgraph('scheduled');
  const call = async (query: string, variables: Record<string, unknown>) => {
    const token = await tokenFor(member.db.handle, 'MDA');
    const res = await admin(member.server.url, token, query, variables);
    expect(res.errors).toBeUndefined();
    return Object.values(res.data as Record<string, { ok: boolean; error: string | null; release: unknown }>)[0]!;
  };
  const importDraft = async (name: string, value: number, period = '2024') => {
    const token = await tokenFor(member.db.handle, 'MDA');
    expect((await upload(member.server.url, token, file(value, period), { release: name })).report?.ok).toBe(true);
  };
  const publish = (name: string, at?: string) =>
    call(`mutation($n: String!, $at: DateTime) { publishRelease(name: $n, at: $at) { ok error ${RELEASE} } }`, { n: name, at: at ?? null });
  const cancel = (name: string) => call(`mutation($n: String!) { cancelRelease(name: $n) { ok error ${RELEASE} } }`, { n: name });
  const reschedule = (name: string, at: string) =>
    call(`mutation($n: String!, $at: DateTime!) { rescheduleRelease(name: $n, at: $at) { ok error ${RELEASE} } }`, { n: name, at });
  const visible2024 = async () =>
    (
      await gql(
        member.server.url,
        `{ _entities(representations: [{ __typename: "MDA", iso3: "MDA" }]) { ... on MDA { observations(indicator: "WORK_PERMITS_ISSUED", from: "2024", to: "2024") { value release } nextRelease } } }`,
      )
    ).data._entities[0];

  it('before its time: SCHEDULED, rescheduled, cancelled back to a draft, audited, never seen by readers', async () => {
    await importDraft('2024 annual', 1000);
    await publish('2024 annual');
    await importDraft('2024 wrong', 9000);
    const at = inHours(1);
    expect(await publish('2024 wrong', at)).toMatchObject({ ok: true, release: { status: 'SCHEDULED', visibleFrom: at } });
    const listed = await call(`query { releases(status: SCHEDULED) { name status } }`, {});
    expect(listed).toEqual([{ name: '2024 wrong', status: 'SCHEDULED' }]);

    const later = inHours(2);
    expect(await reschedule('2024 wrong', later)).toMatchObject({ ok: true, release: { status: 'SCHEDULED', visibleFrom: later } });
    expect((await visible2024()).nextRelease).toBe(later);
    expect(await reschedule('2024 wrong', '2020-01-01T00:00:00Z')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/in the past/),
    });

    expect(await cancel('2024 wrong')).toMatchObject({ ok: true, release: { status: 'DRAFT', visibleFrom: null } });
    expect(await visible2024()).toEqual({ observations: [{ value: 1000, release: '2024 annual' }], nextRelease: null });
    expect(await cancel('2024 wrong')).toMatchObject({ ok: false, error: expect.stringMatching(/is a draft: there is nothing to cancel/) });

    const log = await call(`query { auditLog(limit: 10) { action release } }`, {});
    expect(log).toEqual(
      expect.arrayContaining([
        { action: 'cancel', release: '2024 wrong' },
        { action: 'reschedule', release: '2024 wrong' },
      ]),
    );
    // The draft can be corrected and published again.
    await importDraft('2024 wrong', 1100);
    expect(await publish('2024 wrong')).toMatchObject({ ok: true, release: { status: 'PUBLISHED' } });
    expect((await visible2024()).observations).toEqual([{ value: 1100, release: '2024 wrong' }]);
  });

  it('after its time: cancel and reschedule are refused, the release stays as published', async () => {
    await importDraft('2024 soon', 1200);
    const at = new Date(Date.now() + 1_500).toISOString();
    expect(await publish('2024 soon', at)).toMatchObject({ ok: true, release: { status: 'SCHEDULED' } });
    await new Promise((r) => setTimeout(r, 2_000));
    expect(await cancel('2024 soon')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/became visible on .* cannot be cancelled/),
    });
    expect(await reschedule('2024 soon', inHours(1))).toMatchObject({ ok: false, error: expect.stringMatching(/cannot be moved/) });
    expect((await visible2024()).observations).toEqual([{ value: 1200, release: '2024 soon' }]);
    const state = await call(`query { release(name: "2024 soon") { status visibleFrom } }`, {});
    expect(state).toEqual({ status: 'PUBLISHED', visibleFrom: at });
  });

  it('a scheduled release keeps its own partition while others are merged, so a cancel leaves nothing behind', async () => {
    // Enough visible releases that the next publication merges partitions (more than eight).
    for (let year = 2010; year < 2019; year += 1) {
      await importDraft(`${year} annual`, 100 + year, String(year));
      await publish(`${year} annual`);
    }
    await importDraft('2023 embargoed', 4242, '2023');
    expect(await publish('2023 embargoed', inHours(1))).toMatchObject({ ok: true });
    await importDraft('2022 later', 2222, '2022');
    expect(await publish('2022 later', inHours(2))).toMatchObject({ ok: true });
    const [embargoed] = await member.sql<{ id: number }[]>`select id from country.releases where name = '2023 embargoed'`;
    const partitions = async () =>
      (
        await member.sql<{ name: string; bound: string }[]>`select c.relname as name, pg_get_expr(c.relpartbound, c.oid) as bound
          from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'country.observations_mda'::regclass`
      ).map((p) => p.bound);
    // Merged: the visible releases share a partition; the scheduled one is alone in its own.
    const bounds = await partitions();
    expect(bounds.some((b) => (b.match(/\d+/g) ?? []).length > 1)).toBe(true);
    expect(bounds).toContain(`FOR VALUES IN (${embargoed!.id})`);
    expect(await cancel('2023 embargoed')).toMatchObject({ ok: true, release: { status: 'DRAFT' } });
    const [left] = await member.sql<{ n: number }[]>`select count(*)::int as n from country.observation_versions
      where release_id = ${embargoed!.id} and valid_from is not null`;
    expect(left!.n).toBe(0);
  });
});
