import { adminGraphql, memberOrigin, options, requireOption, tokenFromEnv, UsageError } from '../member.js';

const usage = `usage: npm run migfed -- publish --country MDA --release "2024 annual" [--at 2025-03-01T09:00:00Z] [--url http://host:port]

Publishes a draft release: readers see its figures from now, or from --at (an embargo). Figures it
revises stay in the history and can be read back with observations(asOf: …). Needs MIGFED_TOKEN.`;

const PUBLISH = `mutation Publish($name: String!, $at: DateTime) {
  publishRelease(name: $name, at: $at) { ok error cells revised release { visibleFrom } }
}`;

export async function run(args: string[]): Promise<number> {
  const { values } = options(
    args,
    { country: { type: 'string' }, release: { type: 'string' }, at: { type: 'string' }, url: { type: 'string' } },
    usage,
  );
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const country = requireOption(values.country, 'country', usage).toUpperCase();
  const release = requireOption(values.release, 'release', usage);
  if (values.at && Number.isNaN(Date.parse(values.at)))
    throw new UsageError(`--at "${values.at}" is not a date-time; use e.g. 2025-03-01T09:00:00Z`);
  const origin = memberOrigin(country, values.url);
  const { publishRelease: result } = await adminGraphql<{
    publishRelease: { ok: boolean; error: string | null; cells: number; revised: number; release: { visibleFrom: string } | null };
  }>(origin, tokenFromEnv(country), PUBLISH, { name: release, at: values.at ? new Date(values.at).toISOString() : null });
  if (!result.ok) {
    console.error(`${country}: ${result.error}`);
    return 1;
  }
  const when = result.release?.visibleFrom ?? '';
  const future = Date.parse(when) > Date.now();
  console.log(
    `${country}: published "${release}": ${result.cells} cells, revising ${result.revised} published earlier; ${future ? `embargoed until ${when}` : `visible since ${when}`}.`,
  );
  return 0;
}
