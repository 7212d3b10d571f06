import { deriveSubgraphKey, MIN_SECRET_LENGTH, SUBGRAPH_NAME } from '@migfed/subgraph-kit/signing';
import { options, requireOption, UsageError } from '../member.js';

const usage = `usage: SUBGRAPH_SIGNING_SECRET=… npm run migfed -- signing-key --subgraph country_mda

Prints the signing key of one subgraph (country_<iso3>, registry, provider_<id>), derived from the
gateway's master secret in SUBGRAPH_SIGNING_SECRET. Run it where the master secret is kept and
hand the key to that subgraph's operator, who sets it as SUBGRAPH_SIGNING_KEY: with it the
subgraph checks that requests come from its gateway, and its operator can sign for no other.`;

/** `migfed signing-key`: one subgraph's key, from the master secret (never from an argument, which a shell history keeps). */
export async function run(args: string[]): Promise<number> {
  const { values } = options(args, { subgraph: { type: 'string' } }, usage);
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const subgraph = requireOption(values.subgraph, 'subgraph', usage);
  if (!SUBGRAPH_NAME.test(subgraph))
    throw new UsageError(`--subgraph must be a subgraph name such as country_mda, got "${subgraph}"\n\n${usage}`);
  const master = process.env.SUBGRAPH_SIGNING_SECRET;
  if (!master) throw new UsageError(`set SUBGRAPH_SIGNING_SECRET to the gateway's master secret first\n\n${usage}`);
  if (master.length < MIN_SECRET_LENGTH) throw new UsageError(`SUBGRAPH_SIGNING_SECRET must be at least ${MIN_SECRET_LENGTH} characters`);
  console.log(deriveSubgraphKey(master, subgraph));
  return 0;
}
