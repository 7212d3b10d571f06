// Graceful shutdown of a member's subgraph, started the way the image starts it: on SIGTERM it
// takes no new connection, lets a running import finish within SHUTDOWN_GRACE_S, and cuts one
// that takes longer — which then leaves nothing behind, because an import commits all or nothing.
import { request } from 'node:http';
import { migfed } from '../harness/cli.js';
import { testDatabase, type TestDatabase } from '../harness/context.js';
import { freePort, type RunningProcess, startProcess } from '../harness/processes.js';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const HEADER = 'DATAFLOW,INDICATOR,SEX,TIME_PERIOD,OBS_VALUE,OBS_STATUS\n';
const row = (year: number) => `MIGFED:DF_MIGRATION(1.0),WORK_PERMITS_ISSUED,_T,${year},${1000 + year},A\n`;

/** An upload whose body the test writes piece by piece; `done` is the whole NDJSON answer (or the error). */
function openUpload(origin: string, token: string, release: string) {
  const req = request(`${origin}/admin/imports?release=${encodeURIComponent(release)}`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv', authorization: `Bearer ${token}`, 'transfer-encoding': 'chunked' },
  });
  const done = new Promise<{ answer?: string; error?: Error }>((resolve) => {
    req.on('response', (res) => {
      let answer = '';
      res.on('data', (d: Buffer) => (answer += d.toString()));
      res.on('end', () => resolve({ answer }));
      res.on('error', (error) => resolve({ answer, error }));
    });
    req.on('error', (error) => resolve({ error }));
  });
  req.write(HEADER);
  req.write(row(2015));
  req.flushHeaders();
  return { req, done };
}

describe('a member subgraph stopping while an import runs', () => {
  let database: TestDatabase;
  let sql: postgres.Sql;
  let token: string;
  const running: RunningProcess[] = [];

  const start = async (port: number) => {
    const p = await startProcess(
      'infra/deploy/start.mjs',
      { ROLE: 'country', COUNTRY: 'MDA', HOST: '127.0.0.1', PORT: String(port), DATABASE_URL: database.url, SHUTDOWN_GRACE_S: '3' },
      /country_mda subgraph/,
      120_000,
    );
    running.push(p);
    return p;
  };
  const cellsOf = async (release: string) =>
    Number(
      (
        await sql`select count(*)::int as n from country.observations o join country.releases r on r.id = o.release_id
                  where r.name = ${release}`
      )[0]!.n,
    );

  beforeAll(async () => {
    database = await testDatabase('shutdown');
    // The first start migrates; the operator's CLI then makes a token on the member's database.
    const first = await start(await freePort());
    await first.stop();
    const created = await migfed(['token', 'create', '--country', 'MDA', '--database-url', database.url]);
    token = /export MIGFED_TOKEN=(\S+)/.exec(created.stdout)![1]!;
    sql = postgres(database.url, { max: 1, onnotice: () => {} });
  });

  afterAll(async () => {
    for (const p of running) await p.stop();
    await sql?.end();
    await database?.drop();
  });

  it('lets an import that ends within the grace finish and commit, then exits 0', async () => {
    const port = await freePort();
    const member = await start(port);
    const upload = openUpload(`http://127.0.0.1:${port}`, token, 'finished during shutdown');
    await new Promise((r) => setTimeout(r, 300));
    const stopped = member.stop();
    // New connections are refused from now on; the running upload goes on.
    await new Promise((r) => setTimeout(r, 300));
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
    upload.req.end(row(2016));
    const { answer, error } = await upload.done;
    expect(error).toBeUndefined();
    const report = JSON.parse(answer!.trim().split('\n').at(-1)!) as { type: string; ok?: boolean; errors?: unknown[] };
    expect(report.type).toBe('report');
    expect(await stopped).toBe(0);
    expect(await cellsOf('finished during shutdown')).toBe(2);
  });

  it('cuts an import still running when the grace is over, writes none of it, and exits 0', async () => {
    const port = await freePort();
    const member = await start(port);
    const upload = openUpload(`http://127.0.0.1:${port}`, token, 'cut by shutdown');
    await new Promise((r) => setTimeout(r, 300));
    const began = Date.now();
    const code = await member.stop();
    const took = Date.now() - began;
    expect(code).toBe(0);
    // It waited for the upload (SHUTDOWN_GRACE_S=3), then cut it rather than waiting for ever.
    expect(took).toBeGreaterThanOrEqual(2_500);
    expect(took).toBeLessThan(30_000);
    const { answer } = await upload.done;
    expect(answer ?? '').not.toMatch(/"type":"report"/);
    upload.req.destroy();
    expect(await cellsOf('cut by shutdown')).toBe(0);
  });
});
