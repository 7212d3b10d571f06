// The harness itself: the server from global-setup.ts works, databases are isolated, templates clone,
// and a machine with no PostgreSQL at all gets one actionable line.
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDatabase, databaseUrl, dropDatabase } from './admin.js';
import { testDatabase, type TestDatabase } from './context.js';
import { startPostgres } from './postgres.js';

const clients: postgres.Sql[] = [];
const connect = (url: string) => {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  clients.push(sql);
  return sql;
};
const dbs: TestDatabase[] = [];
const fresh = async (prefix: string, opts: { template?: string } = {}) => {
  const db = await testDatabase(prefix, opts);
  dbs.push(db);
  return db;
};

afterAll(async () => {
  await Promise.all(clients.map((sql) => sql.end({ timeout: 1 })));
  await Promise.all(dbs.map((db) => db.drop()));
});

describe('the run-wide PostgreSQL', () => {
  it('answers on the provided admin URL', async () => {
    const [row] = await connect(inject('postgresUrl'))`select current_database() as db, 1 as one`;
    expect(row).toMatchObject({ one: 1 });
  });

  it('gives each caller its own database', async () => {
    const [a, b] = await Promise.all([fresh('isolation a'), fresh('isolation b')]);
    expect(a.url).not.toBe(b.url);
    await connect(a.url)`create table observations (value int)`;
    await connect(a.url)`insert into observations values (42)`;
    const [inB] = await connect(b.url)`select to_regclass('observations') as t`;
    expect(inB).toEqual({ t: null });
  });

  describe('template cloning', () => {
    const admin = () => inject('postgresUrl');
    const template = `tpl_${process.pid}_${Date.now().toString(36)}`;
    beforeAll(async () => {
      const sql = postgres(await createDatabase(admin(), template), { max: 1, onnotice: () => {} });
      await sql`create table indicators (code text primary key)`;
      await sql`insert into indicators values ('WORK_PERMITS_ISSUED')`;
      await sql.end(); // CREATE DATABASE … TEMPLATE refuses templates with open connections
    });
    afterAll(() => dropDatabase(admin(), template));

    it('copies tables and rows into the clone, and the clone is independent', async () => {
      const started = performance.now();
      const clone = await fresh('clone', { template });
      const cloneMs = performance.now() - started;
      const sql = connect(clone.url);
      expect(await sql`select code from indicators`).toEqual([{ code: 'WORK_PERMITS_ISSUED' }]);
      await sql`insert into indicators values ('RESIDENCE_PERMITS')`;
      const [count] = await connect(databaseUrl(admin(), template))`select count(*)::int as n from indicators`;
      expect(count).toEqual({ n: 1 });
      expect(cloneMs).toBeLessThan(5_000); // ≈ 40–50 ms here; a generous bound for slow CI disks
    });
  });

  it('rejects names that would need unsafe quoting or be truncated', async () => {
    await expect(createDatabase(inject('postgresUrl'), 'x"; drop database postgres; --')).rejects.toThrow(/Invalid database name/);
    await expect(createDatabase(inject('postgresUrl'), 'a'.repeat(64))).rejects.toThrow(/Invalid database name/);
  });
});

describe('startPostgres with nothing available', () => {
  it('fails fast with one line that says what was tried and how to fix it', async () => {
    const started = performance.now();
    const error: Error = await startPostgres({ env: {}, containers: false, binDirs: ['/nonexistent'] }).then(
      () => {
        throw new Error('expected startPostgres to fail');
      },
      (e: Error) => e,
    );
    expect(error.message).toBe(
      'No PostgreSQL for tests: TEST_DATABASE_URL is unset, testcontainers was disabled, and no PostgreSQL server ' +
        'binaries were found (looked in /nonexistent). Install PostgreSQL (apt-get install postgresql) or set TEST_DATABASE_URL.',
    );
    expect(error.message).not.toContain('\n');
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('fails loudly when TEST_DATABASE_URL is set but nothing answers, instead of testing elsewhere', async () => {
    const env = { TEST_DATABASE_URL: 'postgres://postgres@127.0.0.1:1/postgres' };
    await expect(startPostgres({ env, containers: false, timeoutMs: 500 })).rejects.toThrow(/TEST_DATABASE_URL is set but does not answer/);
  });
});
