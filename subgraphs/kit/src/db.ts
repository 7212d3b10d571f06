import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { Logger } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { cancelWithRequest } from './cancel.js';
import { lockDataDir } from './data-dir-lock.js';
import { pgliteSession, postgresSession, type SqlSession } from './session.js';
import { sqlSpan } from './tracing.js';

type Unsafe = postgres.Sql['unsafe'];

/** Every statement drizzle sends through postgres.js (it uses `unsafe`) becomes a span inside a traced request. */
function traceStatements(client: postgres.Sql): postgres.Sql {
  const unsafe: Unsafe = client.unsafe.bind(client);
  client.unsafe = ((...args: Parameters<Unsafe>) => {
    const query = unsafe(...args);
    const span = sqlSpan(args[0]);
    if (span) {
      const end = () => span.end();
      query.then(end, end);
    }
    return query;
  }) as Unsafe;
  return client;
}

/** The same for PGlite's `query` (statements inside its transactions are not traced). */
function tracePglite(pglite: PGlite): PGlite {
  const query = pglite.query.bind(pglite);
  pglite.query = (async (text: string, ...rest: unknown[]) => {
    const span = sqlSpan(text);
    try {
      return await (query as (...a: unknown[]) => Promise<unknown>)(text, ...rest);
    } finally {
      span?.end();
    }
  }) as PGlite['query'];
  return pglite;
}

/** The drizzle database every subgraph works with, whichever driver is underneath. */
export type Db = PgDatabase<PgQueryResultHKT>;

export interface DbHandle {
  db: Db;
  driver: 'postgres' | 'pglite';
  /**
   * Applies a role's committed drizzle-kit migrations (a separate max:1 client on postgres.js). Each
   * role keeps its own journal table in schema `drizzle`, so roles sharing one database don't mix.
   */
  migrate(migrationsFolder: string, migrationsTable: string): Promise<void>;
  /** Runs `fn` in one transaction with raw SQL and COPY (committed when it resolves). */
  transaction<T>(fn: (session: SqlSession) => Promise<T>): Promise<T>;
  /** Closes what this handle opened (a shared PGlite passed in is left open). */
  close(): Promise<void>;
}

export interface CreateDbOptions {
  /** postgres:// URL of a real server; when absent, `pglite` is used. */
  url?: string;
  /** An embedded PGlite instance (one per process: each takes ~0.8 GiB). */
  pglite?: PGlite;
  /** Called with every SQL statement sent (for counting statements per request). */
  onQuery?: (query: string) => void;
  /** Connection pool size for postgres.js (default 10). */
  max?: number;
  /**
   * PostgreSQL's `statement_timeout` on every connection of this handle (postgres.js only): a
   * statement running longer is cancelled by the server. For read-only handles: bulk imports on the
   * same handle would be cut too.
   */
  statementTimeoutMs?: number;
}

/**
 * Opens the database: postgres.js when a URL is given (production), otherwise a PGlite instance
 * (the embedded demo). Query errors keep their SQL in `cause`; callers must mask them before they
 * reach a client (see maskError).
 */
export function createDb(options: CreateDbOptions): DbHandle {
  const logger: Logger | undefined = options.onQuery ? { logQuery: (query) => options.onQuery?.(query) } : undefined;
  if (options.url) {
    const url = options.url;
    // Bulk imports stage rows in temporary tables: give them room before they spill to disk.
    const timeout = options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {};
    const client = traceStatements(
      cancelWithRequest(
        postgres(url, {
          max: options.max ?? 10,
          onnotice: () => {},
          connection: { temp_buffers: '128MB', application_name: 'migfed', ...timeout },
        }),
      ),
    );
    return {
      db: drizzlePostgres(client, { logger }) as unknown as Db,
      driver: 'postgres',
      async migrate(migrationsFolder, migrationsTable) {
        const single = postgres(url, { max: 1, onnotice: () => {} });
        try {
          await migratePostgres(drizzlePostgres(single), { migrationsFolder, migrationsTable });
        } finally {
          await single.end();
        }
      },
      transaction: postgresSession(client),
      // Bounded: after the database crashed mid-COPY, postgres.js 3.4.9 can keep a connection
      // whose last write never settles, and an unbounded end() would wait for it forever.
      close: () => client.end({ timeout: 5 }),
    };
  }
  if (!options.pglite) throw new Error('createDb: give either a postgres URL or a PGlite instance');
  const pglite = options.pglite;
  const db = drizzlePglite(tracePglite(pglite), { logger });
  return {
    db: db as unknown as Db,
    driver: 'pglite',
    migrate: (migrationsFolder, migrationsTable) => migratePglite(db, { migrationsFolder, migrationsTable }),
    transaction: pgliteSession(pglite),
    close: async () => {},
  };
}

/**
 * Opens an embedded PGlite with its data under `dataDir` (created when missing), or in memory. A
 * folder is locked for this process until the PGlite is closed or the process exits: opening one
 * another running process holds throws DataDirLocked (see data-dir-lock.ts).
 */
export async function openPglite(dataDir?: string): Promise<PGlite> {
  if (!dataDir) {
    const pglite = new PGlite();
    await pglite.waitReady;
    return pglite;
  }
  mkdirSync(dataDir, { recursive: true });
  const release = lockDataDir(dataDir);
  try {
    const pglite = new PGlite(dataDir);
    await pglite.waitReady;
    const close = pglite.close.bind(pglite);
    pglite.close = async () => {
      try {
        await close();
      } finally {
        release();
      }
    };
    return pglite;
  } catch (err) {
    release();
    throw err;
  }
}
