// Talks to the gateway's /graphql. Partial answers are normal in a federation: a member that is down
// costs only its own fields, and the gateway names it in `extensions.country` (gateway/src/subgraph-errors.ts).
import { lang, t } from './i18n.js';

export interface GraphQLErrorShape {
  message: string;
  extensions?: { code?: string; country?: string; subgraph?: string; response?: { body?: { errors?: { message?: string }[] } } };
}

export interface GraphQLResult<T> {
  data: T | null;
  /** Errors that name a member, by ISO3: that member's part is missing, the rest is good. */
  memberErrors: Map<string, string>;
  /** Every other error, as a person-readable message. */
  otherErrors: string[];
}

/** A failure that leaves nothing to show; its message is written for the person at the screen. */
export class ReportError extends Error {}

/** The real reason behind a subgraph's `400: Bad Request` is in the response body the gateway kept. */
export function errorMessage(e: GraphQLErrorShape): string {
  return e.extensions?.response?.body?.errors?.[0]?.message ?? e.message;
}

export function splitErrors(
  errors: readonly GraphQLErrorShape[] | undefined,
): Pick<GraphQLResult<unknown>, 'memberErrors' | 'otherErrors'> {
  const memberErrors = new Map<string, string>();
  const otherErrors: string[] = [];
  for (const e of errors ?? []) {
    const country = e.extensions?.country;
    if (country && !memberErrors.has(country)) memberErrors.set(country, errorMessage(e));
    else if (!country) otherErrors.push(errorMessage(e));
  }
  return { memberErrors, otherErrors: [...new Set(otherErrors)] };
}

export async function query<T>(text: string, variables: Record<string, unknown> = {}): Promise<GraphQLResult<T>> {
  // Operations that name catalog items ask for them in the page's language.
  if (text.includes('$lang: Lang') && !('lang' in variables)) variables = { ...variables, lang: lang() };
  // Relative to the page (/reports/ → /graphql), so a gateway behind a path prefix works too.
  const graphqlUrl = new URL('../graphql', location.href).href;
  let res: Response;
  try {
    res = await fetch(graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: text, variables }),
    });
  } catch (err) {
    throw new ReportError(t('net.unreachable', { url: graphqlUrl, message: (err as Error).message }));
  }
  let body: { data?: T | null; errors?: GraphQLErrorShape[] };
  try {
    body = (await res.json()) as typeof body;
  } catch {
    throw new ReportError(t('net.notGraphql', { status: res.status }));
  }
  const split = splitErrors(body.errors);
  if (!body.data) {
    const reasons = [...split.otherErrors, ...split.memberErrors.values()];
    throw new ReportError(t('net.noData', { status: res.status, reasons: reasons.join('; ') || t('net.noReason') }));
  }
  return { data: body.data, ...split };
}
