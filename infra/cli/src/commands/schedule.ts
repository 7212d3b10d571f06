import { adminGraphql, memberOrigin, options, requireOption, tokenFromEnv, UsageError } from '../member.js';

const usage = `usage: npm run migfed -- cancel --country MDA --release "2024 annual"
       npm run migfed -- reschedule --country MDA --release "2024 annual" --at 2025-03-01T09:00:00Z

A release published with --at (an embargo) can be cancelled or moved until it becomes visible:
cancel makes it a draft again (correct it and publish it anew, or leave it), reschedule moves
its embargo (not into the past). Once readers can see a release, both are refused: publish a
correction in a new release. Both are recorded in the member's audit log. Needs MIGFED_TOKEN.
Options: [--url http://host:port]`;

const CANCEL = `mutation($name: String!) { cancelRelease(name: $name) { ok error release { status } } }`;
const RESCHEDULE = `mutation($name: String!, $at: DateTime!) { rescheduleRelease(name: $name, at: $at) { ok error release { status visibleFrom } } }`;

type Payload = { ok: boolean; error: string | null; release: { status: string; visibleFrom?: string } | null };

/** `cancel` and `reschedule`: one module, the command's name picks the mutation. */
export function command(verb: 'cancel' | 'reschedule') {
  return {
    async run(args: string[]): Promise<number> {
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
      if (verb === 'reschedule') requireOption(values.at, 'at', usage);
      if (values.at && (verb === 'cancel' || Number.isNaN(Date.parse(values.at))))
        throw new UsageError(
          verb === 'cancel' ? `cancel takes no --at\n\n${usage}` : `--at "${values.at}" is not a date-time; use e.g. 2025-03-01T09:00:00Z`,
        );
      const origin = memberOrigin(country, values.url);
      const token = tokenFromEnv(country);
      const data =
        verb === 'cancel'
          ? (await adminGraphql<{ cancelRelease: Payload }>(origin, token, CANCEL, { name: release })).cancelRelease
          : (
              await adminGraphql<{ rescheduleRelease: Payload }>(origin, token, RESCHEDULE, {
                name: release,
                at: new Date(values.at!).toISOString(),
              })
            ).rescheduleRelease;
      if (!data.ok) {
        console.error(`${country}: ${data.error}`);
        return 1;
      }
      console.log(
        verb === 'cancel'
          ? `${country}: cancelled "${release}"; it is a draft again and readers never saw it.`
          : `${country}: "${release}" is now embargoed until ${data.release?.visibleFrom}.`,
      );
      return 0;
    },
  };
}
