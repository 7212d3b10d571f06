// A member bounds the work one request may cost it, on a real PostgreSQL: a row limit per request
// (ROW_LIMIT), PostgreSQL's statement_timeout (STATEMENT_TIMEOUT), statements cancelled when the
// caller goes away; and a client's mistake or a database outage is a 4xx/503, never a 500.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer, seedCountry } from '@migfed/subgraph-country';
import { abortWhenClientLeaves, createDb, createErrorMasker, isStatementTimeout } from '@migfed/subgraph-kit';
import { sql } from 'drizzle-orm';
import { GraphQLError } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { borderCrossings } from '../fixtures/observations.js';
import { type MigratedDatabase, migratedDatabase } from '../harness/databases.js';
import { gql } from '../harness/graphql.js';

const QUERY = `query ($from: String, $to: String, $asOf: DateTime) {
  _entities(representations: [{ __typename: "MDA", iso3: "MDA" }]) {
    ... on MDA {
      observations(indicator: "BORDER_CROSSINGS", from: $from, to: $to, asOf: $asOf, filter: [
        { dimension: "DIRECTION", codes: ["_T", "ENTRY", "EXIT"] },
        { dimension: "CITIZENSHIP", codes: ["_T", "UKR", "TUR"] }
      ]) { period value }
    }
  }
}`;

describe('what one request may cost a member', () => {
  let db: MigratedDatabase;
  let member: Awaited<ReturnType<typeof createServer>>;
  let brokenAdmin: Awaited<ReturnType<typeof createServer>>;
  const deadDb = createDb({ url: 'postgres://nobody@127.0.0.1:1/none', max: 1 });

  beforeAll(async () => {
    db = await migratedDatabase('int_member_limits');
    // 12 months × 3 directions × 3 citizenships = 108 cells for the query above.
    await seedCountry(db.handle.db, 'MDA', borderCrossings(100, 2023, 12, ['UKR', 'TUR']));
    member = await createServer({ country: 'MDA', db: db.handle.db, port: 0, rowLimit: 100 });
    brokenAdmin = await createServer({ country: 'MDA', db: db.handle.db, port: 0, admin: { handle: deadDb } });
  });
  afterAll(async () => {
    await member?.stop();
    await brokenAdmin?.stop();
    await deadDb.close();
    await db?.close();
  });

  it('refuses a request past its row limit with ROW_LIMIT, and answers one within it', async () => {
    const whole = await gql(member.url, QUERY, {});
    expect(whole.status).toBe(200);
    expect(whole.errors?.[0]).toMatchObject({
      message:
        'The query asks this member for more than 100 rows in one request (every alias counted); ask for fewer periods, codes or aliases at a time',
      extensions: { code: 'ROW_LIMIT', limit: 100 },
    });
    const year = await gql(member.url, QUERY, { from: '2023-01', to: '2023-11' });
    expect(year.errors).toBeUndefined();
    expect(year.data._entities[0].observations).toHaveLength(99);
  });

  it('refuses asOf in year 0 as the caller’s mistake, naming the argument', async () => {
    const res = await gql(member.url, QUERY, { asOf: '0000-01-01T00:00:00Z', from: '2023-01', to: '2023-01' });
    expect(res.status).toBe(200);
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'asOf' } });
    expect(res.errors?.[0]?.message).toMatch(/^asOf \(0000-01-01T00:00:00.000Z\) is outside the years 1900 to 9999/);
  });

  it('answers /admin/graphql with 503 and Retry-After while its database is down', async () => {
    const res = await fetch(brokenAdmin.url.replace('/graphql', '/admin/graphql'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer x' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    const body = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0]?.extensions.code).toBe('DATA_SOURCE_UNAVAILABLE');
    expect(body.errors[0]?.message).toMatch(/data source unavailable: the database of this subgraph cannot be reached/);
    expect(JSON.stringify(body)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|stack/);
  });

  it("stops a statement at PostgreSQL's statement_timeout and says STATEMENT_TIMEOUT", async () => {
    const bounded = createDb({ url: db.url, statementTimeoutMs: 200, max: 1 });
    try {
      const started = performance.now();
      const error = await bounded.db.execute(sql`select pg_sleep(5)`).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(performance.now() - started).toBeLessThan(3000);
      expect(isStatementTimeout(error)).toBe(true);
      const masked = createErrorMasker(() => {})(
        { message: 'x', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
        new GraphQLError('x', { originalError: error as Error }),
      );
      expect(masked.extensions?.code).toBe('STATEMENT_TIMEOUT');
      expect(masked.message).toMatch(/ran longer than this member allows/);
    } finally {
      await bounded.close();
    }
  });

  it('cancels the statement on PostgreSQL when the caller closes the connection', async () => {
    const handle = createDb({ url: db.url, max: 2 });
    // The handler subgraphs run on /graphql after the body is parsed, here in front of a slow statement.
    type Handler = Parameters<typeof abortWhenClientLeaves>;
    const server = http.createServer((req, res) =>
      abortWhenClientLeaves(req as unknown as Handler[0], res as unknown as Handler[1], async () => {
        await handle.db.execute(sql`select pg_sleep(30) as migfed_cancel_probe`).catch(() => {});
        if (!res.headersSent) res.end('done');
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const running = () =>
      db.handle.db.execute(
        sql`select count(*)::int as n from pg_stat_activity where state = 'active' and query like '%migfed_cancel_probe%' and pid <> pg_backend_pid()`,
      );
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slow`;
      const request = fetch(url, { method: 'POST', signal: AbortSignal.timeout(500) }).catch(() => 'aborted');
      await expect.poll(async () => ((await running()) as unknown as { n: number }[])[0]?.n, { timeout: 5000 }).toBe(1);
      expect(await request).toBe('aborted');
      await expect.poll(async () => ((await running()) as unknown as { n: number }[])[0]?.n, { timeout: 5000 }).toBe(0);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await handle.close();
    }
  });
});
