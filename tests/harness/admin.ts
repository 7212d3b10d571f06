// Admin statements against a PostgreSQL server, given only its admin URL. Kept apart from the
// finder (postgres.ts) so test workers, which only receive the URL via inject(), can use them
// without loading testcontainers or child_process code.
import postgres from 'postgres';

// NAMEDATALEN is 64: longer names are silently truncated by the server, so two "unique" names
// could collide. The character set keeps names readable in URLs and psql without quoting surprises.
const DATABASE_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,62}$/;

export function assertDatabaseName(name: string): void {
  if (!DATABASE_NAME.test(name)) {
    throw new Error(`Invalid database name ${JSON.stringify(name)}: use 1–63 of [A-Za-z0-9_-], not starting with a digit or '-'`);
  }
}

/** The URL of database `name` on the same server, credentials and parameters as `adminUrl`. */
export function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${encodeURIComponent(name)}`;
  return url.toString();
}

/** Runs `fn` on a one-connection client and always closes it (DDL like CREATE DATABASE needs no pool). */
export async function withAdmin<T>(adminUrl: string, fn: (sql: postgres.Sql) => Promise<T>, connectTimeoutS = 10): Promise<T> {
  const sql = postgres(adminUrl, { max: 1, connect_timeout: connectTimeoutS, onnotice: () => {} });
  try {
    return await fn(sql);
  } finally {
    await sql.end({ timeout: 1 });
  }
}

/**
 * CREATE DATABASE "name" [TEMPLATE "template"]. Cloning a migrated template costs 40–50 ms, much
 * less than migrating each test file's database. The template must have no open connections.
 */
export async function createDatabase(adminUrl: string, name: string, opts: { template?: string } = {}): Promise<string> {
  assertDatabaseName(name);
  const { template } = opts;
  if (template !== undefined) assertDatabaseName(template);
  await withAdmin(adminUrl, (sql) =>
    template === undefined ? sql`create database ${sql(name)}` : sql`create database ${sql(name)} template ${sql(template)}`,
  );
  return databaseUrl(adminUrl, name);
}

/** DROP DATABASE IF EXISTS … WITH (FORCE): a test's leftover pool must not block its cleanup. */
export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  assertDatabaseName(name);
  await withAdmin(adminUrl, (sql) => sql`drop database if exists ${sql(name)} with (force)`);
}

/** Retries `select 1` until it answers or `timeoutMs` passes; throws the last error. */
export async function waitForSelect1(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await withAdmin(url, (sql) => sql`select 1`, 2);
      return;
    } catch (error) {
      if (Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
