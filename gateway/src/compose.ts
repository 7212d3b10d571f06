import { checkContract, composeSupergraph, countrySdl, gatewaySubgraphs, type SubgraphInput } from '@migfed/schema';
import { deriveSubgraphKey, signRequest } from '@migfed/subgraph-kit/signing';

export interface SubgraphEndpoint {
  name: string;
  url: string;
}

export interface ComposeFromSubgraphsOptions {
  /** The contract SDL a subgraph must follow, or undefined when there is none to check (default: members only). */
  contract?: (subgraphName: string) => string | undefined;
  /** Per subgraph, for fetching its SDL (default 10 000 ms). */
  timeoutMs?: number;
  /** Sign the SDL requests, for subgraphs that answer only their gateway. */
  signingSecret?: string;
  /** Subgraphs the gateway serves itself, composed in without a fetch (default: `gatewaySubgraphs()`). */
  inProcess?: readonly SubgraphInput[];
}

/** The contract of `country_<iso3>` subgraphs; other subgraphs are not checked unless the caller says how. */
export function memberContract(subgraphName: string): string | undefined {
  const iso3 = /^country_([a-z]{3})$/.exec(subgraphName)?.[1];
  return iso3 ? countrySdl(iso3.toUpperCase()) : undefined;
}

async function fetchSdl({ name, url }: SubgraphEndpoint, timeoutMs: number, secret: string | undefined): Promise<string> {
  let res: Response;
  const request = JSON.stringify({ query: '{ _service { sdl } }' });
  const target = new URL(url);
  const path = `${target.pathname}${target.search}`;
  const signature = secret ? signRequest(deriveSubgraphKey(secret, name), name, { method: 'POST', path, body: request }) : {};
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signature },
      body: request,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    const e = err as Error & { cause?: Error };
    const why = e.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (e.cause?.message ?? e.message);
    throw new Error(`${name}: cannot be reached at ${url}: ${why}`);
  }
  const body = (await res.json().catch(() => null)) as { data?: { _service?: { sdl?: string } }; errors?: { message: string }[] } | null;
  const sdl = body?.data?._service?.sdl;
  if (!res.ok || typeof sdl !== 'string') {
    const why = body?.errors?.map((e) => e.message).join('; ') ?? 'no _service.sdl in the answer';
    throw new Error(`${name}: ${url} answered HTTP ${res.status} without its SDL: ${why}`);
  }
  return sdl;
}

function contractProblems(name: string, sdl: string, contract: string | undefined): string[] {
  if (contract === undefined) return [];
  try {
    return checkContract(name, sdl, contract);
  } catch (err) {
    return [`${name}: its SDL cannot be checked against the contract: ${(err as Error).message}`];
  }
}

/**
 * Development convenience ("compose at start"): fetches every subgraph's SDL, checks it against its
 * contract, and composes, with the gateway's own subgraphs. Throws one Error listing every problem, each naming its subgraph; in
 * production the gateway serves the committed supergraph file instead.
 */
export async function composeFromSubgraphs(
  subgraphs: readonly SubgraphEndpoint[],
  { contract = memberContract, timeoutMs = 10_000, signingSecret, inProcess = gatewaySubgraphs() }: ComposeFromSubgraphsOptions = {},
): Promise<string> {
  const fetched = await Promise.allSettled(subgraphs.map((s) => fetchSdl(s, timeoutMs, signingSecret)));
  const problems: string[] = [];
  const inputs = subgraphs.map((s, i) => {
    const result = fetched[i]!;
    if (result.status === 'rejected') {
      problems.push((result.reason as Error).message);
      return undefined;
    }
    problems.push(...contractProblems(s.name, result.value, contract(s.name)));
    return { ...s, typeDefs: result.value };
  });
  if (inputs.every((s) => s !== undefined)) {
    const composed = composeSupergraph([...inputs, ...inProcess]);
    if (composed.errors) problems.push(...composed.errors);
    else if (problems.length === 0) return composed.supergraphSdl;
  }
  throw new Error(`The supergraph cannot be composed from the running subgraphs:\n- ${problems.join('\n- ')}`);
}
