import { sql } from 'drizzle-orm';
import { createDb, type Db, type DbHandle, openPglite } from './db.js';
import type { EnvReader } from './env.js';
import { serviceLogger } from './log.js';
import { type ObservabilityConfig, readObservability } from './observability.js';
import { deriveSubgraphKey, secretProblems } from './signing.js';
import { flushTraces } from './tracing.js';

/** What every subgraph reads from the environment the same way: where it listens, its data, signing. */
export interface ServiceConfig extends ObservabilityConfig {
  port: number;
  host: string;
  /** postgres:// URL; unset means an embedded PGlite under `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  /**
   * This subgraph's own key, derived from the gateway's master secret (`migfed signing-key`): when
   * set, `/graphql` requests the gateway did not sign for this subgraph are refused (401).
   */
  signingKey: string | undefined;
  /** Allowed distance between a signature's timestamp and this server's clock. */
  signatureMaxSkewMs: number;
  /** On SIGTERM, how long running requests (an import above all) may finish before they are cut. */
  shutdownGraceMs: number;
}

/**
 * PORT, HOST, DATABASE_URL, DATA_DIR, SUBGRAPH_SIGNING_KEY, SIGNATURE_MAX_SKEW_S,
 * SHUTDOWN_GRACE_S, and LOG_LEVEL, METRICS, OTEL_* (observability.ts); problems into `r`.
 */
export function readServiceConfig(r: EnvReader, defaults: { port: number; dataDir: string }): ServiceConfig {
  const config = {
    port: r.int('PORT', defaults.port, 0, 65_535),
    host: r.str('HOST', '0.0.0.0') as string,
    databaseUrl: r.str('DATABASE_URL'),
    dataDir: r.str('DATA_DIR', defaults.dataDir) as string,
    signingKey: r.str('SUBGRAPH_SIGNING_KEY'),
    signatureMaxSkewMs: r.int('SIGNATURE_MAX_SKEW_S', 60, 1, 3600) * 1000,
    // 30 s lets a typical import finish; orchestrators kill after their own grace (compose: 10 s by
    // default, so the compose files raise stop_grace_period above this).
    shutdownGraceMs: r.int('SHUTDOWN_GRACE_S', 30, 0, 3600) * 1000,
    ...readObservability(r),
  };
  r.problems.push(...secretProblems('SUBGRAPH_SIGNING_KEY', config.signingKey));
  // The master secret signs for every subgraph: it stays with the gateway.
  if (r.str('SUBGRAPH_SIGNING_SECRET') !== undefined)
    r.problems.push(
      "SUBGRAPH_SIGNING_SECRET is the gateway's master secret and must not be given to a subgraph: set SUBGRAPH_SIGNING_KEY to this subgraph's own key (`npm run migfed -- signing-key --subgraph <name>` where the master secret is kept)",
    );
  return config;
}

/** PostgreSQL when a URL is configured (production), else an embedded PGlite in `dataDir`. */
export async function openConfiguredDb(config: { databaseUrl: string | undefined; dataDir: string }): Promise<DbHandle> {
  return config.databaseUrl ? createDb({ url: config.databaseUrl }) : createDb({ pglite: await openPglite(config.dataDir) });
}

/** Readiness of a subgraph: its database answers a trivial query. */
export function databaseAnswers(db: Db): () => Promise<void> {
  return async () => {
    await db.execute(sql`select 1`);
  };
}

/** The signing options a subgraph's createServer takes, when a key is configured. */
export function signingFrom(config: { signingKey: string | undefined; signatureMaxSkewMs: number }) {
  return config.signingKey ? { signing: { key: config.signingKey, maxSkewMs: config.signatureMaxSkewMs } } : {};
}

/**
 * The same, for a process that holds the gateway's master secret and runs subgraphs itself (the
 * demo, tests): each subgraph gets the key derived for its name.
 */
export function signingWithMaster(masterSecret: string | undefined, subgraph: string) {
  return masterSecret ? { signing: { key: deriveSubgraphKey(masterSecret, subgraph) } } : {};
}

/**
 * What every subgraph's main.ts does after parsing its config: start, then stop the server and
 * close the database on SIGTERM/SIGINT (exit 0), or print why it could not start (exit 1).
 */
export function runService(start: () => Promise<{ stop(): Promise<void>; close(): Promise<void> }>): void {
  start()
    .then((service) => {
      const shutdown = async () => {
        // Drains: new connections are refused, /ready answers 503, running requests get the grace.
        await service.stop();
        await service.close();
        await flushTraces();
        process.exit(0);
      };
      process.once('SIGTERM', shutdown);
      process.once('SIGINT', shutdown);
    })
    .catch((err: unknown) => {
      serviceLogger('subgraph').fatal(`cannot start: ${(err as Error).message}`);
      process.exit(1);
    });
}
