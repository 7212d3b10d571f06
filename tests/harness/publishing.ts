import { createServer } from '@migfed/subgraph-country';
import { createToken } from '@migfed/subgraph-country/operator';
import type { DbHandle } from '@migfed/subgraph-kit';
import postgres from 'postgres';
import { afterAll, beforeAll } from 'vitest';
import { type MigratedDatabase, migratedDatabase } from './databases.js';

export interface ImportReportLine {
  type: 'report';
  ok: boolean;
  dryRun: boolean;
  release: string;
  rows: number;
  written: number;
  errors: { line: number; column?: string; message: string }[];
  errorCount: number;
  warnings: { line: number; column?: string; message: string }[];
  warningCount: number;
  withdrawn: { indicator: string; period: string; dimensions: Record<string, string>; value: number | null; release: string }[];
  withdrawnCount: number;
  carried: {
    indicator: string;
    period: string;
    dimensions: Record<string, string>;
    value: number | null;
    confidentiality: string;
    release: string;
  }[];
  carriedCount: number;
}

/** A focal-point token for `country`, made the way the operator's CLI makes it. */
export function tokenFor(handle: DbHandle, country: string, holder = `test focal point ${country}`): Promise<string> {
  return handle.transaction(async (s) => (await createToken(s, country, holder)).token);
}

/** Uploads a file to a member's /admin/imports and returns the final NDJSON report line. */
export async function upload(
  subgraphUrl: string,
  token: string | undefined,
  body: string,
  params: { release?: string; dryRun?: boolean; action?: string } = {},
): Promise<{ status: number; report?: ImportReportLine; error?: { code: string; message: string }; progress: unknown[] }> {
  const url = new URL('/admin/imports', subgraphUrl);
  if (params.release) url.searchParams.set('release', params.release);
  if (params.dryRun) url.searchParams.set('dryRun', '1');
  if (params.action) url.searchParams.set('action', params.action);
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'text/csv', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });
  const text = await res.text();
  if (res.status !== 200)
    return { status: res.status, error: (JSON.parse(text) as { error: { code: string; message: string } }).error, progress: [] };
  const lines = text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { type: string });
  return {
    status: res.status,
    report: lines.find((l) => l.type === 'report') as ImportReportLine,
    progress: lines.filter((l) => l.type === 'progress'),
  };
}

/** Runs an operation on a member's /admin/graphql with a token. */
export async function admin(subgraphUrl: string, token: string | undefined, query: string, variables?: Record<string, unknown>) {
  const res = await fetch(new URL('/admin/graphql', subgraphUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary shapes
  return {
    status: res.status,
    // biome-ignore lint/suspicious/noExplicitAny: answers of many shapes; the caller's assertions state them
    ...((await res.json()) as { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] }),
  };
}

export interface MemberSubgraph {
  db: MigratedDatabase;
  server: Awaited<ReturnType<typeof createServer>>;
  /** A plain client on the same database, for looking at what an import or a publication wrote. */
  sql: postgres.Sql;
}

/**
 * A member's subgraph, admin routes included, over a fresh migrated database: started before the
 * tests of the describe block this is called in, stopped after them. Fields are set once it started.
 */
export function memberSubgraph(prefix: string, country = 'MDA'): MemberSubgraph {
  const member = {} as MemberSubgraph;
  beforeAll(async () => {
    member.db = await migratedDatabase(prefix);
    member.sql = postgres(member.db.url, { max: 1, onnotice: () => {} });
    member.server = await createServer({ country, db: member.db.handle.db, port: 0, admin: { handle: member.db.handle } });
  });
  afterAll(async () => {
    await member.server?.stop();
    await member.sql?.end();
    await member.db?.close();
  });
  return member;
}
