import { createReadStream, statSync } from 'node:fs';
import { relative } from 'node:path';
import { Readable } from 'node:stream';
import type { DeriveReport, RecordsImportReport } from '@migfed/subgraph-country/operator';
import { memberOrigin, options, requireOption, tokenFromEnv, UsageError, unreachable, userPath } from '../member.js';

const usage = `usage: npm run migfed -- records import --country TJK --kind crossings|permits --file records.csv [--dry-run] [--codes icao|unhcr] [--url http://host:port]
       npm run migfed -- records derive --country TJK --release "2024 border records" [--from 2022-01 --to 2023-12] [--extracted-at 2025-01-15T00:00:00Z] [--url http://host:port]

import  streams a records file (border crossings or permits) into the member's private records
        store: every problem is listed by line and column, a file with any problem writes nothing,
        a record given again with the same RECORD_ID and new content corrects it. --codes says
        which convention the file's codes follow (ICAO Doc 9303 travel documents, or UNHCR's).
derive  derives the agreed indicators from every record into a draft release (BORDER_CROSSINGS,
        LONG_TERM_IMMIGRATION/EMIGRATION by the 12/16-month rule, permits and the stock of
        foreigners); --from/--to choose the months published, --extracted-at is when the records
        were extracted (by default the latest crossing). Review it with "releases", then "publish".
Needs MIGFED_TOKEN.`;

async function post(url: URL, token: string, init: RequestInit & { duplex?: 'half' }): Promise<{ status: number; body: unknown }> {
  let res: Response;
  try {
    res = await fetch(url, {
      ...init,
      method: 'POST',
      headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${token}` },
    });
  } catch (err) {
    throw unreachable(url.origin, err);
  }
  return { status: res.status, body: await res.json() };
}

function refused(country: string, status: number, body: unknown): number {
  console.error(
    `${country} refused the request (HTTP ${status}): ${(body as { error?: { message?: string } }).error?.message ?? 'no reason given'}`,
  );
  return 1;
}

async function importCommand(values: Record<string, string | boolean | undefined>): Promise<number> {
  const country = requireOption(values.country as string | undefined, 'country', usage).toUpperCase();
  const kind = requireOption(values.kind as string | undefined, 'kind', usage);
  if (!['crossings', 'permits'].includes(kind)) throw new UsageError(`--kind must be crossings or permits, not "${kind}"\n\n${usage}`);
  const codes = values.codes as string | undefined;
  if (codes !== undefined && !['icao', 'unhcr'].includes(codes)) throw new UsageError(`--codes must be icao or unhcr, not "${codes}"`);
  const file = userPath(requireOption(values.file as string | undefined, 'file', usage));
  try {
    statSync(file);
  } catch {
    throw new UsageError(`cannot read --file ${file}: no such file`);
  }
  const origin = memberOrigin(country, values.url as string | undefined);
  const token = tokenFromEnv(country);
  const url = new URL('/admin/records/imports', origin);
  url.searchParams.set('kind', kind);
  if (values['dry-run']) url.searchParams.set('dryRun', '1');
  if (codes) url.searchParams.set('codes', codes);
  const { status, body } = await post(url, token, {
    headers: { 'content-type': 'text/csv' },
    body: Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>,
    duplex: 'half',
  });
  if (status !== 200) return refused(country, status, body);
  const report = body as RecordsImportReport;
  const name = relative(process.env.INIT_CWD ?? process.cwd(), file) || file;
  for (const e of report.errors) console.log(`${name}:${e.line}${e.column ? ` (${e.column})` : ''}: error: ${e.message}`);
  if (report.errorCount > report.errors.length) console.log(`… and ${report.errorCount - report.errors.length} more errors`);
  const counts = `${report.rows} ${kind} records, ${report.errorCount} errors`;
  if (!report.ok) console.log(`\n${counts}. Nothing was written: fix the errors and import again.`);
  else {
    const what = `${report.added} new, ${report.corrected} corrected, ${report.unchanged} unchanged`;
    if (report.dryRun) console.log(`\n${counts}. Dry run (${what} if imported): nothing was written.`);
    else {
      console.log(`\n${counts}: ${what}. Derive the indicators when the records are complete:`);
      console.log(`  npm run migfed -- records derive --country ${country} --release "…"`);
    }
  }
  return report.ok ? 0 : 1;
}

const range = (r: { first: string; last: string; count: number }) => (r.first === r.last ? r.first : `${r.first} … ${r.last}`);

async function deriveCommand(values: Record<string, string | boolean | undefined>): Promise<number> {
  const country = requireOption(values.country as string | undefined, 'country', usage).toUpperCase();
  const release = requireOption(values.release as string | undefined, 'release', usage);
  const extractedAt = values['extracted-at'] as string | undefined;
  if (extractedAt !== undefined && Number.isNaN(Date.parse(extractedAt)))
    throw new UsageError(`--extracted-at "${extractedAt}" is not a date-time; use e.g. 2025-01-15T00:00:00Z`);
  const origin = memberOrigin(country, values.url as string | undefined);
  const { status, body } = await post(new URL('/admin/records/derive', origin), tokenFromEnv(country), {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ release, from: values.from, to: values.to, extractedAt }),
  });
  if (status !== 200) return refused(country, status, body);
  const report = body as DeriveReport;
  if (report.extractedAt)
    console.log(
      `${country}: ${report.crossings} crossing and ${report.permits} permit records (extracted ${report.extractedAt}), ${report.persons} travellers, ${report.inconsistent} inconsistent crossings (an entry while present or an exit while absent: counted, changing nothing else).`,
    );
  for (const [indicator, p] of Object.entries(report.periods)) {
    const derived = p.derived ? `derived ${range(p.derived)} (${p.derived.count})` : 'nothing ready yet';
    const next = p.next && p.nextReadyAt ? `; ${p.next} will be ready from ${p.nextReadyAt}` : '';
    console.log(`  ${indicator}: ${derived}, ${report.cells[indicator] ?? 0} cells${next}`);
  }
  if (report.stale > 0)
    console.log(
      `  ${report.stale} cells of earlier derivations are no longer given by the records: taken out (the review lists what publishing withdraws).`,
    );
  for (const e of report.import?.errors ?? []) console.log(`  error: ${e.message}`);
  if (!report.ok) {
    console.error(`${country}: ${report.error}`);
    return 1;
  }
  console.log(`\nThe figures are in draft release "${release}". Review what it changes, then publish it:`);
  console.log(`  npm run migfed -- releases --country ${country} --release "${release}"`);
  console.log(`  npm run migfed -- publish --country ${country} --release "${release}"`);
  return 0;
}

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = options(
    args,
    {
      country: { type: 'string' },
      kind: { type: 'string' },
      file: { type: 'string' },
      codes: { type: 'string' },
      'dry-run': { type: 'boolean' },
      release: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      'extracted-at': { type: 'string' },
      url: { type: 'string' },
    },
    usage,
  );
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const [sub] = positionals;
  if (sub === 'import') return importCommand(values);
  if (sub === 'derive') return deriveCommand(values);
  throw new UsageError(`records needs a subcommand, import or derive${sub ? ` (not "${sub}")` : ''}\n\n${usage}`);
}
