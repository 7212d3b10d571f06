import { adminGraphql, memberOrigin, options, requireOption, tokenFromEnv } from '../member.js';

const usage = `usage: npm run migfed -- releases --country MDA [--release "2024 annual"] [--url http://host:port]

Lists the member's releases (drafts too) with their state; with --release, also what that
release changes against the figures published before it. Needs MIGFED_TOKEN.`;

const LIST = `{ releases { name status cells publishedAt visibleFrom } }`;
const ONE = `query($name: String!) { release(name: $name) { name status cells visibleFrom
  changes(limit: 50) { indicator period dimensions { dimension code } value status previousValue previousStatus previousRelease } } }`;

interface Change {
  indicator: string;
  period: string;
  dimensions: { dimension: string; code: string }[];
  value: number | null;
  status: string;
  previousValue: number | null;
  previousStatus: string | null;
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
    const { releases } = await adminGraphql<{ releases: { name: string; status: string; cells: number; visibleFrom: string | null }[] }>(
      origin,
      token,
      LIST,
      {},
    );
    if (releases.length === 0) console.log(`${country} has no releases yet.`);
    for (const r of releases)
      console.log(`${r.status.padEnd(9)} ${String(r.cells).padStart(8)} cells  ${r.visibleFrom ?? 'not published'}  ${r.name}`);
    return 0;
  }
  const { release } = await adminGraphql<{ release: { name: string; status: string; cells: number; changes: Change[] } | null }>(
    origin,
    token,
    ONE,
    { name: values.release },
  );
  if (!release) {
    console.error(`${country} has no release "${values.release}"`);
    return 1;
  }
  console.log(`${release.name}: ${release.status}, ${release.cells} cells; changes (first 50):`);
  for (const c of release.changes) {
    const cell =
      c.dimensions
        .filter((d) => d.code !== '_T')
        .map((d) => `${d.dimension}=${d.code}`)
        .join(' ') || 'total';
    const before = c.previousRelease ? `${c.previousValue ?? ':'} (${c.previousStatus}, ${c.previousRelease})` : 'new';
    console.log(`  ${c.indicator} ${c.period} ${cell}: ${before} → ${c.value ?? ':'} (${c.status})`);
  }
  return 0;
}
