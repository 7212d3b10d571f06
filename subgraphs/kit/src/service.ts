import { createDb, type DbHandle, openPglite } from './db.js';
import type { EnvReader } from './env.js';
import { secretProblems } from './signing.js';

/** What every subgraph reads from the environment the same way: where it listens, its data, signing. */
export interface ServiceConfig {
  port: number;
  host: string;
  /** postgres:// URL; unset means an embedded PGlite under `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Shared with the gateway: when set, unsigned `/graphql` requests are refused (401). */
  signingSecret: string | undefined;
  /** Allowed distance between a signature's timestamp and this server's clock. */
  signatureMaxSkewMs: number;
}

/** PORT, HOST, DATABASE_URL, DATA_DIR, SUBGRAPH_SIGNING_SECRET, SIGNATURE_MAX_SKEW_S, problems into `r`. */
export function readServiceConfig(r: EnvReader, defaults: { port: number; dataDir: string }): ServiceConfig {
  const config = {
    port: r.int('PORT', defaults.port, 0, 65_535),
    host: r.str('HOST', '0.0.0.0') as string,
    databaseUrl: r.str('DATABASE_URL'),
    dataDir: r.str('DATA_DIR', defaults.dataDir) as string,
    signingSecret: r.str('SUBGRAPH_SIGNING_SECRET'),
    signatureMaxSkewMs: r.int('SIGNATURE_MAX_SKEW_S', 60, 1, 3600) * 1000,
  };
  r.problems.push(...secretProblems('SUBGRAPH_SIGNING_SECRET', config.signingSecret));
  return config;
}

/** PostgreSQL when a URL is configured (production), else an embedded PGlite in `dataDir`. */
export async function openConfiguredDb(config: { databaseUrl: string | undefined; dataDir: string }): Promise<DbHandle> {
  return config.databaseUrl ? createDb({ url: config.databaseUrl }) : createDb({ pglite: await openPglite(config.dataDir) });
}

/** The signing options a subgraph's createServer takes, when a secret is configured. */
export function signingFrom(config: { signingSecret: string | undefined; signatureMaxSkewMs: number }) {
  return config.signingSecret ? { signing: { secret: config.signingSecret, maxSkewMs: config.signatureMaxSkewMs } } : {};
}

/**
 * What every subgraph's main.ts does after parsing its config: start, then stop the server and
 * close the database on SIGTERM/SIGINT (exit 0), or print why it could not start (exit 1).
 */
export function runService(start: () => Promise<{ stop(): Promise<void>; close(): Promise<void> }>): void {
  start()
    .then((service) => {
      const shutdown = async () => {
        await service.stop();
        await service.close();
        process.exit(0);
      };
      process.once('SIGTERM', shutdown);
      process.once('SIGINT', shutdown);
    })
    .catch((err: unknown) => {
      console.error((err as Error).message);
      process.exit(1);
    });
}
