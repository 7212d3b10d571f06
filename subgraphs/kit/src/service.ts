import { createDb, type DbHandle, openPglite } from './db.js';

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
