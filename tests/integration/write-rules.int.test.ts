// One set of rules on every write path: a release name or a token number the file upload refuses
// is refused by the admin GraphQL, the CLI and token management too, and a file without rows
// writes nothing. Real member subgraph over a real PostgreSQL.
import { createServer } from '@migfed/subgraph-country';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migfed } from '../harness/cli.js';
import { type MigratedDatabase, migratedDatabase } from '../harness/databases.js';
import { admin, tokenFor, upload } from '../harness/publishing.js';

const HEADER = 'INDICATOR,TIME_PERIOD,OBS_VALUE';
const ROW = 'WORK_PERMITS_ISSUED,2023,1000';

/** Names the upload has always refused; every path must refuse them the same way. */
const BAD_NAMES: [string, string][] = [
  ['HTML', '<script>alert(1)</script>'],
  ['100,003 characters', 'a'.repeat(100_003)],
  ['a control character', 'draft\u0007 2023'],
  ['a bidi override', '2023 \u202eannual'],
  ['a newline', '2023\nannual'],
];

describe('the same rules on every write path', () => {
  let db: MigratedDatabase;
  let server: Awaited<ReturnType<typeof createServer>>;
  let sql: postgres.Sql;
  let token: string;
  const counts = async () => {
    const [row] = await sql<{ releases: number; cells: number; audit: number }[]>`
      select (select count(*)::int from country.releases) as releases,
             (select count(*)::int from country.observations) as cells,
             (select count(*)::int from country.audit_log) as audit`;
    return row;
  };

  beforeAll(async () => {
    db = await migratedDatabase('write_rules');
    sql = postgres(db.url, { max: 1, onnotice: () => {} });
    server = await createServer({ country: 'MDA', db: db.handle.db, port: 0, admin: { handle: db.handle, localAdmin: true } });
    token = await tokenFor(db.handle, 'MDA');
  });
  afterAll(async () => {
    await server?.stop();
    await sql?.end();
    await db?.close();
  });

  it.each(BAD_NAMES)('refuses a release named with %s on the upload and on setObservation, writing nothing', async (_case, name) => {
    const before = await counts();
    // Long names go in the body of a GraphQL request; the upload takes them in its query string.
    if (name.length < 1000) {
      const uploaded = await upload(server.url, token, `${HEADER}\n${ROW}\n`, { release: name });
      expect(uploaded.status).toBe(400);
      expect(uploaded.error?.message).toMatch(/release name .* must start with a letter or digit/);
    }
    const edit = await admin(
      server.url,
      token,
      `mutation ($release: String!) { setObservation(release: $release, indicator: "WORK_PERMITS_ISSUED", period: "2023", value: 5) { ok errors { line column message } release { name } } }`,
      { release: name },
    );
    expect(edit.data.setObservation.ok).toBe(false);
    expect(edit.data.setObservation.release).toBeNull();
    expect(edit.data.setObservation.errors[0].message).toMatch(/release name .* must start with a letter or digit/);
    // What the person sees back is short and shows hidden characters instead of applying them.
    expect(edit.data.setObservation.errors[0].message.length).toBeLessThan(300);
    expect(edit.data.setObservation.errors[0].message).not.toMatch(/[\p{Cc}\p{Cf}]/u);
    expect(await counts()).toEqual(before);
  });

  it('accepts the same good name on both paths', async () => {
    const uploaded = await upload(server.url, token, `${HEADER}\n${ROW}\n`, { release: '2023 annual (v1)' });
    expect(uploaded.report).toMatchObject({ ok: true, written: 1 });
    const edit = await admin(
      server.url,
      token,
      `mutation { setObservation(release: "2023 annual (v1)", indicator: "WORK_PERMITS_ISSUED", period: "2022", value: 5) { ok release { cells } } }`,
    );
    expect(edit.data.setObservation).toEqual({ ok: true, release: { cells: 2 } });
  });

  it.each([
    ['a header only', `${HEADER}\n`],
    ['a header without a line end', HEADER],
    ['a header and blank lines', `${HEADER}\n\n\n`],
  ])('refuses %s instead of creating an empty draft', async (_case, file) => {
    const before = await counts();
    const uploaded = await upload(server.url, token, file, { release: 'empty' });
    expect(uploaded.report?.ok).toBe(false);
    expect(uploaded.report?.errors[0]).toMatchObject({ line: 2, message: expect.stringMatching(/header but no rows/) });
    expect(await counts()).toEqual(before);
    const drafts = await admin(server.url, token, `{ release(name: "empty") { name } }`);
    expect(drafts.data.release).toBeNull();
  });

  it('revokes a token only by its number as written: 1e0, 01, +1 and 1.0 are not token 1', async () => {
    const created = (await (await fetch(new URL('/admin/tokens', server.url), { method: 'POST' })).json()) as { id: number };
    for (const id of ['1e0', '0x1', '01', '+1', '1.0', ' 1', '99999999999'].map((s) => s.replace('1', String(created.id)))) {
      const res = await fetch(new URL(`/admin/tokens/${encodeURIComponent(id)}`, server.url), { method: 'DELETE' });
      expect(res.status, id).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/is not a token number/);
    }
    const listed = (await (await fetch(new URL('/admin/tokens', server.url))).json()) as {
      tokens: { id: number; revoked_at: string | null }[];
    };
    expect(listed.tokens.find((t) => t.id === created.id)?.revoked_at).toBeNull();
    const revoked = await fetch(new URL(`/admin/tokens/${created.id}`, server.url), { method: 'DELETE' });
    expect(await revoked.json()).toEqual({ id: created.id, revoked: true });
  });

  it('the CLI refuses the same token numbers before it asks anyone', async () => {
    const out = await migfed(['token', 'revoke', '--country', 'MDA', '--id', '1e0', '--url', new URL(server.url).origin]);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/--id must be a token number/);
  });
});
