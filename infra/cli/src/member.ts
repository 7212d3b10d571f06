import { resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { memberUrl, runningDemoMemberUrl } from '@migfed/schema';

/** Thrown for a mistake in how a command was called; main prints it with the usage. */
export class UsageError extends Error {}

/** parseArgs with our errors: unknown options and missing values are usage errors. */
export function options<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], spec: T, usage: string) {
  try {
    return parseArgs({ args, options: { ...spec, help: { type: 'boolean' } }, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n\n${usage}`);
  }
}

export function requireOption(value: string | undefined, name: string, usage: string): string {
  if (!value) throw new UsageError(`--${name} is required\n\n${usage}`);
  return value;
}

/**
 * The member's subgraph origin: --url when given, else the running demo's (whatever its --port),
 * else the region files' URL for the country.
 */
export function memberOrigin(country: string, url: string | undefined): string {
  const iso3 = country.toUpperCase();
  if (!/^[A-Z]{3}$/.test(iso3)) throw new UsageError(`--country must be an ISO3 code such as MDA, got "${country}"`);
  let found = url;
  if (!found) {
    try {
      found = runningDemoMemberUrl(iso3) ?? memberUrl(iso3);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  }
  if (!found) throw new UsageError(`${iso3} is in no region file (schema/regions/); give its subgraph with --url http://host:port`);
  try {
    return new URL(found).origin;
  } catch {
    throw new UsageError(`--url "${found}" is not a URL`);
  }
}

/** The focal point's token, from MIGFED_TOKEN (kept out of shell history and process lists). */
export function tokenFromEnv(country: string): string {
  const token = process.env.MIGFED_TOKEN?.trim();
  if (!token) {
    throw new UsageError(
      `set MIGFED_TOKEN to a focal-point token of ${country.toUpperCase()} (npm run migfed -- token create --country ${country.toUpperCase()})`,
    );
  }
  return token;
}

/** Explains a connection failure in terms of what to start or check. */
export function unreachable(origin: string, err: unknown): Error {
  const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
  return new Error(`cannot reach the member subgraph at ${origin} (${cause}); is it running (npm start), or is --url right?`);
}

/** POSTs an operation to the member's /admin/graphql and returns data, or throws its errors. */
export async function adminGraphql<T>(origin: string, token: string, query: string, variables: Record<string, unknown>): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`${origin}/admin/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
  } catch (err) {
    throw unreachable(origin, err);
  }
  const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('\n'));
  if (!body.data) throw new Error(`unexpected answer from ${origin} (HTTP ${res.status})`);
  return body.data;
}

/** A path as the user typed it: npm runs scripts from the repository root, INIT_CWD is where they were. */
export function userPath(path: string): string {
  return resolve(process.env.INIT_CWD ?? process.cwd(), path);
}
