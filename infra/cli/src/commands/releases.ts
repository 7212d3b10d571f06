import { adminGraphql, memberOrigin, options, requireOption, tokenFromEnv } from '../member.js';

const usage = `usage: npm run migfed -- releases --country MDA [--release "2024 annual"] [--url http://host:port]

Lists the member's releases (drafts, scheduled ones under embargo, published ones); with
--release, also what that release changes against the figures published before it, and the
cells of earlier releases it withdraws (its tables replace them). Needs MIGFED_TOKEN.`;

const LIST = `{ releases { name status cells publishedAt visibleFrom recordsExtractedAt } }`;
const ONE = `query($name: String!) { release(name: $name) { name status cells visibleFrom recordsExtractedAt
  changes(limit: 50) { indicator period dimensions { dimension code } value status confidentiality
    previousValue previousStatus previousConfidentiality previousRelease }
  withdrawnCount withdrawn(limit: 50) { indicator period dimensions { dimension code } value status release } } }`;

/** What a release derived from records says about them: when they were extracted. */
const extracted = (at: string | null) => (at ? ` (from records extracted at ${new Date(at).toISOString()})` : '');

interface Change {
  indicator: string;
  period: string;
  dimensions: { dimension: string; code: string }[];
  value: number | null;
  status: string;
  confidentiality: string;
  previousValue: number | null;
  previousStatus: string | null;
  previousConfidentiality: string | null;
  previousRelease: string | null;
}

export async function run(args: string[]): Promise<number> {
  const { values } = options(args, { country: { type: 'string' }, release: { type: 'string' }, url: { type: 'string' } }, usage);
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const country = requireOption(values.country, 'country', usage).toUpperCase();
  const origin = memberOrigin(country, values.url);
  const token = tokenFromEnv(country);
  if (!values.release) {
    const { releases } = await adminGraphql<{
      releases: { name: string; status: string; cells: number; visibleFrom: string | null; recordsExtractedAt: string | null }[];
    }>(origin, token, LIST, {});
    if (releases.length === 0) console.log(`${country} has no releases yet.`);
    for (const r of releases)
      console.log(
        `${r.status.padEnd(9)} ${String(r.cells).padStart(8)} cells  ${r.visibleFrom ?? 'not published'}  ${r.name}${extracted(r.recordsExtractedAt)}`,
      );
    return 0;
  }
  const { release } = await adminGraphql<{
    release: {
      name: string;
      status: string;
      cells: number;
      recordsExtractedAt: string | null;
      changes: Change[];
      withdrawnCount: number;
      withdrawn: (Pick<Change, 'indicator' | 'period' | 'dimensions' | 'value' | 'status'> & { release: string })[];
    } | null;
  }>(origin, token, ONE, { name: values.release });
  if (!release) {
    console.error(`${country} has no release "${values.release}"`);
    return 1;
  }
  console.log(`${release.name}: ${release.status}, ${release.cells} cells${extracted(release.recordsExtractedAt)}; changes (first 50):`);
  const cellOf = (c: Pick<Change, 'dimensions'>) =>
    c.dimensions
      .filter((d) => d.code !== '_T')
      .map((d) => `${d.dimension}=${d.code}`)
      .join(' ') || 'total';
  for (const c of release.changes) {
    const cell = cellOf(c);
    // A withheld value (CONF_STATUS other than F) says so: a change of confidentiality alone is a
    // cell the disclosure rule withholds in the table as it will be published.
    const conf = (x: string | null) => (x && x !== 'F' ? `, CONF_STATUS ${x}` : '');
    const before = c.previousRelease
      ? `${c.previousValue ?? ':'} (${c.previousStatus}${conf(c.previousConfidentiality)}, ${c.previousRelease})`
      : 'new';
    console.log(`  ${c.indicator} ${c.period} ${cell}: ${before} → ${c.value ?? ':'} (${c.status}${conf(c.confidentiality)})`);
  }
  if (release.withdrawnCount > 0) {
    console.log(`withdrawn (${release.withdrawnCount} cells of earlier releases it does not carry; they stay in the history):`);
    for (const c of release.withdrawn)
      console.log(`  ${c.indicator} ${c.period} ${cellOf(c)}: ${c.value ?? ':'} (${c.status}, ${c.release}) → withdrawn`);
    if (release.withdrawnCount > release.withdrawn.length) console.log(`  … and ${release.withdrawnCount - release.withdrawn.length} more`);
  }
  return 0;
}
