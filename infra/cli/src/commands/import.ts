import { createReadStream, statSync } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import type { ImportReport } from '@migfed/subgraph-country/operator';
import { memberOrigin, options, requireOption, tokenFromEnv, unreachable, UsageError, userPath } from '../member.js';
import { printReport } from '../report.js';

const usage = `usage: npm run migfed -- import --country MDA --file data.csv [--release "2024 annual"] [--action replace|merge] [--dry-run] [--url http://host:port]

Streams an SDMX-CSV file to the member's subgraph, which checks every row against the catalog and
writes it into a draft release (nothing is visible to readers until you publish). With --dry-run
the same report is shown and nothing is written. Needs MIGFED_TOKEN.

For each indicator and period, the file's figures are the whole table once published: cells that
earlier releases published and the file does not carry are withdrawn (listed in the report; they
stay in the history). --action merge adds the figures to the published table instead. A file's
SDMX-CSV 2.0 ACTION column says it per row (R replace, M merge, D withdraw the named cell);
--action applies to rows without one.`;

function progressBar(total: number) {
  let sent = 0;
  let shown = -1;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      sent += chunk.length;
      const pct = total > 0 ? Math.floor((sent / total) * 100) : 100;
      if (pct !== shown && process.stderr.isTTY !== undefined) {
        shown = pct;
        process.stderr.write(`\rsending ${(sent / 1e6).toFixed(1)} of ${(total / 1e6).toFixed(1)} MB (${pct}%)`);
      }
      done(null, chunk);
    },
    flush(done) {
      process.stderr.write('\n');
      done();
    },
  });
}

export async function run(args: string[]): Promise<number> {
  const { values } = options(
    args,
    {
      country: { type: 'string' },
      file: { type: 'string' },
      release: { type: 'string' },
      'dry-run': { type: 'boolean' },
      action: { type: 'string' },
      url: { type: 'string' },
    },
    usage,
  );
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const country = requireOption(values.country, 'country', usage).toUpperCase();
  const file = userPath(requireOption(values.file, 'file', usage));
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new UsageError(`cannot read --file ${file}: no such file`);
  }
  if (values.action !== undefined && values.action !== 'replace' && values.action !== 'merge')
    throw new UsageError(`--action must be replace or merge, got "${values.action}"\n\n${usage}`);
  const origin = memberOrigin(country, values.url);
  const token = tokenFromEnv(country);
  const url = new URL('/admin/imports', origin);
  if (values.action) url.searchParams.set('action', values.action);
  if (values.release) url.searchParams.set('release', values.release);
  if (values['dry-run']) url.searchParams.set('dryRun', '1');
  const body = Readable.toWeb(createReadStream(file).pipe(progressBar(size))) as ReadableStream<Uint8Array>;
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', authorization: `Bearer ${token}` },
      body,
      duplex: 'half',
    } as RequestInit);
  } catch (err) {
    throw unreachable(origin, err);
  }
  if (res.status !== 200) {
    const { error } = (await res.json()) as { error: { message: string } };
    console.error(`${country} refused the upload (HTTP ${res.status}): ${error.message}`);
    return 1;
  }
  let report: ImportReport | undefined;
  let buffered = '';
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    buffered += Buffer.from(chunk).toString('utf8');
    for (let newline = buffered.indexOf('\n'); newline >= 0; newline = buffered.indexOf('\n')) {
      const line = JSON.parse(buffered.slice(0, newline)) as { type: string; phase?: string; rows?: number; message?: string };
      buffered = buffered.slice(newline + 1);
      if (line.type === 'progress' && line.phase !== 'receiving') console.error(`${line.phase} ${line.rows ?? ''} rows …`);
      if (line.type === 'report') report = line as unknown as ImportReport;
      if (line.type === 'failure') console.error(line.message);
    }
  }
  if (!report) return 1;
  printReport(report, file);
  return report.ok ? 0 : 1;
}
