import { createToken } from '@migfed/subgraph-country/operator';
import type { DbHandle } from '@migfed/subgraph-kit';

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
  params: { release?: string; dryRun?: boolean } = {},
): Promise<{ status: number; report?: ImportReportLine; error?: { code: string; message: string }; progress: unknown[] }> {
  const url = new URL('/admin/imports', subgraphUrl);
  if (params.release) url.searchParams.set('release', params.release);
  if (params.dryRun) url.searchParams.set('dryRun', '1');
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'text/csv', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });
  const text = await res.text();
  if (res.status !== 200) return { status: res.status, error: (JSON.parse(text) as { error: { code: string; message: string } }).error, progress: [] };
  const lines = text.trim().split('\n').map((l) => JSON.parse(l) as { type: string });
  return { status: res.status, report: lines.find((l) => l.type === 'report') as ImportReportLine, progress: lines.filter((l) => l.type === 'progress') };
}

/** Runs an operation on a member's /admin/graphql with a token. */
export async function admin(subgraphUrl: string, token: string | undefined, query: string, variables?: Record<string, unknown>) {
  const res = await fetch(new URL('/admin/graphql', subgraphUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary shapes
  return { status: res.status, ...((await res.json()) as { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] }) };
}
