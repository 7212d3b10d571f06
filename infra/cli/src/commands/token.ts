import { listRegions, loadRegion, runningDemos } from '@migfed/schema';
import { createToken, listTokens, parseTokenId, revokeToken } from '@migfed/subgraph-country/operator';
import { migrate } from '@migfed/subgraph-country';
import { createDb } from '@migfed/subgraph-kit';
import { memberOrigin, options, requireOption, unreachable, UsageError } from '../member.js';

const usage = `usage: npm run migfed -- token create --country MDA [--holder "Name of the focal point"] [--database-url URL | --url http://host:port]
       npm run migfed -- token list   --country MDA [--database-url URL | --url …]
       npm run migfed -- token revoke --country MDA --id 3 [--database-url URL | --url …]

Focal-point credentials for one member. Only a hash is stored; the token is shown once. On the
member's server the operator gives --database-url (or DATABASE_URL); against the embedded demo
(npm start) the command asks the running subgraph, which allows this from the same machine only.`;

type Action = 'create' | 'list' | 'revoke';

async function viaDatabase(url: string, country: string, action: Action, holder: string, id: number) {
  const handle = createDb({ url, max: 1 });
  try {
    await migrate(handle);
    return await handle.transaction(async (s) => {
      if (action === 'create') return createToken(s, country, holder);
      if (action === 'list') return { tokens: await listTokens(s, country) };
      return { id, revoked: await revokeToken(s, country, id) };
    });
  } finally {
    await handle.close();
  }
}

async function viaSubgraph(origin: string, action: Action, holder: string, id: number) {
  const init: RequestInit =
    action === 'create'
      ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ holder }) }
      : action === 'revoke'
        ? { method: 'DELETE' }
        : { method: 'GET' };
  let res: Response;
  try {
    res = await fetch(`${origin}/admin/tokens${action === 'revoke' ? `/${id}` : ''}`, init);
  } catch (err) {
    throw unreachable(origin, err);
  }
  const body = (await res.json()) as Record<string, unknown> & { error?: { message: string } };
  if (!res.ok) throw new Error(body.error?.message ?? `HTTP ${res.status}`);
  return body;
}

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = options(
    args,
    {
      country: { type: 'string' },
      holder: { type: 'string' },
      id: { type: 'string' },
      'database-url': { type: 'string' },
      url: { type: 'string' },
    },
    usage,
  );
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const action = positionals[0] as Action | undefined;
  if (!action || !['create', 'list', 'revoke'].includes(action)) throw new UsageError(`say create, list or revoke\n\n${usage}`);
  const country = requireOption(values.country, 'country', usage).toUpperCase();
  const id = parseTokenId(values.id ?? '') ?? Number.NaN;
  if (action === 'revoke' && Number.isNaN(id)) throw new UsageError(`--id must be a token number (see token list)\n\n${usage}`);
  const known =
    listRegions().some((r) => loadRegion(r).members.some((m) => m.iso3 === country)) || runningDemos().some((d) => d.memberUrls[country]);
  const holder = values.holder ?? `focal point of ${country}`;
  const databaseUrl = values['database-url'] ?? process.env.DATABASE_URL;
  if (!databaseUrl && !known && !values.url) throw new UsageError(`${country} is in no region file; give --database-url or --url`);
  const result = databaseUrl
    ? await viaDatabase(databaseUrl, country, action, holder, id)
    : await viaSubgraph(memberOrigin(country, values.url), action, holder, id);
  if (action === 'create') {
    const { token, id: tokenId } = result as { token: string; id: number };
    console.log(
      `Token ${tokenId} for ${country} (${holder}); it is shown only this once:\n\n  ${token}\n\nUse it as:\n  export MIGFED_TOKEN=${token}`,
    );
  } else if (action === 'list') {
    for (const t of (result as { tokens: { id: number; holder: string; created_at: string; revoked_at: string | null }[] }).tokens) {
      console.log(
        `${String(t.id).padStart(4)}  ${t.holder}  created ${new Date(t.created_at).toISOString()}${t.revoked_at ? `  REVOKED ${new Date(t.revoked_at).toISOString()}` : ''}`,
      );
    }
  } else if ((result as { revoked: boolean }).revoked === false) {
    console.error(`${country} has no active token ${id}`);
    return 1;
  } else console.log(`Token ${id} of ${country} revoked.`);
  return 0;
}
