// nothing lost: an import interrupted mid-COPY (the subgraph's process killed, or its
// PostgreSQL crashing and restarting) leaves no release and no cell behind, and running it again
// succeeds; two imports into the same release at once are applied one after the other, never mixed.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createServer, migrate } from '@migfed/subgraph-country';
import { createDb, type DbHandle } from '@migfed/subgraph-kit';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bigFile, slowFile } from '../harness/big-import.js';
import { type MigratedDatabase, migratedDatabase } from '../harness/databases.js';
import { startPostgres, type PostgresServer } from '../harness/postgres.js';
import { memberSubgraph, tokenFor, upload } from '../harness/publishing.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CELLS = 20_000;

/** Streams `body` to /admin/imports; resolves with the last NDJSON line (report or failure), or the network error. */
async function streamUpload(subgraphUrl: string, token: string, release: string, body: Readable) {
  try {
    const res = await fetch(new URL(`/admin/imports?release=${encodeURIComponent(release)}`, subgraphUrl), {
      method: 'POST',
      headers: { 'content-type': 'text/csv', authorization: `Bearer ${token}` },
      body: Readable.toWeb(body) as ReadableStream,
      duplex: 'half',
    } as RequestInit);
    const lines = (await res.text()).trim().split('\n');
    return JSON.parse(lines.at(-1)!) as { type: string; ok?: boolean };
  } catch (error) {
    return { type: 'network error', error };
  }
}

/** Polls until a backend of this database runs the import's COPY; returns its pid. */
async function copyInProgress(sql: postgres.Sql, timeoutMs = 20_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const [row] = await sql<
      { pid: number }[]
    >`select pid from pg_stat_activity where datname = current_database() and query ilike 'copy country.%observations_r%' and state = 'active'`;
    if (row) return row.pid;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the import never reached its COPY');
}

async function state(sql: postgres.Sql, release: string) {
  const [r] = await sql<{ releases: number; cells: number; locks: number }[]>`select
    (select count(*)::int from country.releases where country = 'MDA' and name = ${release}) as releases,
    (select count(*)::int from country.observations o join country.releases r on r.id = o.release_id where r.name = ${release}) as cells,
    (select count(*)::int from pg_locks where locktype = 'advisory') as locks`;
  return r!;
}

/** A country subgraph in its own process (as deployed), so the test can SIGKILL it. */
function startCountryProcess(databaseUrl: string): Promise<{ url: string; child: ChildProcess }> {
  // `node --import tsx`, not the tsx binary: that one runs the server in a child process of its own,
  // which a SIGKILL to the binary would leave running.
  const child = spawn(process.execPath, ['--import', 'tsx', 'subgraphs/country/src/main.ts'], {
    cwd: ROOT,
    // The subgraph says where it listens in an info log line; the tests' default level is warn.
    env: { ...process.env, COUNTRY: 'MDA', PORT: '0', HOST: '127.0.0.1', DATABASE_URL: databaseUrl, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const url = /at (http:\/\/\S+\/graphql)/.exec(out)?.[1];
      if (url) resolve({ url, child });
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.once('exit', (code) => reject(new Error(`the country subgraph exited (${code}) before listening:\n${out}`)));
  });
}

describe('an import killed with its process', () => {
  let db: MigratedDatabase;
  let sql: postgres.Sql;
  beforeAll(async () => {
    db = await migratedDatabase('import_killed');
    sql = postgres(db.url, { max: 1, onnotice: () => {} });
  });
  afterAll(async () => {
    await sql?.end();
    await db?.close();
  });

  it('leaves no release behind, and the same import then succeeds', async () => {
    const token = await tokenFor(db.handle, 'MDA');
    const { url, child } = await startCountryProcess(db.url);
    const exited = new Promise((r) => child.once('exit', r));
    const interrupted = streamUpload(url, token, 'killed 2024', slowFile(7, CELLS));
    await copyInProgress(sql);
    child.kill('SIGKILL');
    await exited;
    expect((await interrupted).type).toBe('network error');
    // PostgreSQL notices the dead client and rolls its transaction back.
    await expect
      .poll(
        async () => (await sql`select count(*)::int as n from pg_stat_activity where query ilike 'copy country.%observations_r%'`)[0]!.n,
        { timeout: 10_000 },
      )
      .toBe(0);
    expect(await state(sql, 'killed 2024')).toEqual({ releases: 0, cells: 0, locks: 0 });

    const server = await createServer({ country: 'MDA', db: db.handle.db, port: 0, admin: { handle: db.handle } });
    try {
      const { report } = await upload(server.url, token, bigFile(7, CELLS), { release: 'killed 2024' });
      expect(report).toMatchObject({ ok: true, written: CELLS });
      expect(await state(sql, 'killed 2024')).toMatchObject({ releases: 1, cells: CELLS });
    } finally {
      await server.stop();
    }
  });
});

describe('an import when its PostgreSQL crashes and restarts', () => {
  let pg: PostgresServer;
  let handle: DbHandle;
  let sql: postgres.Sql;
  let server: Awaited<ReturnType<typeof createServer>>;

  beforeAll(async () => {
    // A cluster of its own: crashing the shared one would fail every other test file running now.
    pg = await startPostgres({ env: { PATH: process.env.PATH }, containers: false, log: () => {} });
    const url = await pg.createDatabase('crash');
    handle = createDb({ url });
    await migrate(handle);
    sql = postgres(url, { max: 1, onnotice: () => {} });
    server = await createServer({ country: 'MDA', db: handle.db, port: 0, admin: { handle } });
  });
  afterAll(async () => {
    await server?.stop();
    await sql?.end({ timeout: 1 });
    await handle?.close();
    await pg?.stop();
  });

  it('reports the failure, keeps nothing, and succeeds once the database is back', async () => {
    const token = await tokenFor(handle, 'MDA');
    // The test cluster runs with synchronous_commit=off: without a checkpoint the crash could take
    // the token's own commit with it (the import itself is what this test is about).
    await sql`checkpoint`;
    const interrupted = streamUpload(server.url, token, 'crash 2024', slowFile(9, CELLS));
    const pid = await copyInProgress(sql);
    // SIGKILL of one backend makes the postmaster reset every session and run crash recovery:
    // for every client, the database went away and came back.
    process.kill(pid, 'SIGKILL');
    expect(await interrupted).toMatchObject({ type: 'failure' });
    await expect
      .poll(() => state(sql, 'crash 2024').catch(() => undefined), { timeout: 20_000, interval: 250 })
      .toEqual({ releases: 0, cells: 0, locks: 0 });

    // The subgraph's pool still holds connections the restart closed: the first attempts may be
    // refused with 503 (data source unavailable, try again), never a 500 or a partial write.
    const attempts: Awaited<ReturnType<typeof upload>>[] = [];
    while (attempts.length < 12 && !attempts.at(-1)?.report?.ok) {
      if (attempts.length > 0) await new Promise((r) => setTimeout(r, 250));
      attempts.push(await upload(server.url, token, bigFile(9, CELLS), { release: 'crash 2024' }));
    }
    for (const failed of attempts.slice(0, -1)) expect(failed).toMatchObject({ status: 503, error: { code: 'DATA_SOURCE_UNAVAILABLE' } });
    expect(attempts.at(-1)?.report).toMatchObject({ ok: true, written: CELLS });
    expect(await state(sql, 'crash 2024')).toMatchObject({ releases: 1, cells: CELLS });
  });
});

describe('two imports into the same release at once', () => {
  const member = memberSubgraph('import_concurrent');

  it('are applied one after the other: the release holds one file’s values, never a mix', async () => {
    const token = await tokenFor(member.db.handle, 'MDA');
    const [a, b] = await Promise.all([
      streamUpload(member.server.url, token, 'concurrent', slowFile(111, CELLS, 2_000, 20)),
      streamUpload(member.server.url, token, 'concurrent', slowFile(222, CELLS, 2_000, 20)),
    ]);
    expect([a, b]).toMatchObject([
      { type: 'report', ok: true },
      { type: 'report', ok: true },
    ]);
    const values = await member.sql<{ value: number; n: number }[]>`select o.value, count(*)::int as n from country.observations o
      join country.releases r on r.id = o.release_id where r.name = 'concurrent' group by o.value`;
    expect(values).toHaveLength(1);
    expect([111, 222]).toContain(values[0]!.value);
    expect(values[0]!.n).toBe(CELLS);
  });
});
