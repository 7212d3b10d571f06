// Finds a PostgreSQL for integration and e2e tests, in this order:
//   1. TEST_DATABASE_URL (CI service containers, a developer's own server);
//   2. testcontainers' postgres:15, if a container runtime answers;
//   3. a throwaway cluster from the installed server binaries (local-cluster.ts);
// and otherwise fails with one line saying what was tried and what to install.
import { createDatabase, dropDatabase, waitForSelect1 } from './admin.js';
import { PostgresSetupError, startLocalCluster } from './local-cluster.js';
import { defaultBinDirs, findBinDir } from './pg-binaries.js';

export { PostgresSetupError };

export type PostgresSource = 'env' | 'testcontainers' | 'local-cluster';

export interface PostgresServer {
  /** postgres://… of the admin database (`postgres`, or the one TEST_DATABASE_URL names). */
  url: string;
  source: PostgresSource;
  /** Creates database `name` (optionally cloned from `template`) and returns its URL. */
  createDatabase(name: string, opts?: { template?: string }): Promise<string>;
  dropDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
}

export interface StartPostgresOptions {
  /** Where TEST_DATABASE_URL and PATH are read from. Default: process.env. */
  env?: Record<string, string | undefined>;
  /** Try testcontainers at all. Default: true. */
  containers?: boolean;
  /** Folders to look for initdb + postgres in, instead of the default search (pg-binaries.ts). */
  binDirs?: string[];
  /** For TEST_DATABASE_URL to answer, or the local cluster to start. Default: 30 s. */
  timeoutMs?: number;
  /** The progress line. Default: one line on stderr. */
  log?: (line: string) => void;
}

type Found = { url: string; stop(): Promise<void> };

/** Resolves to undefined when no container runtime answers; that takes milliseconds. */
async function fromContainers(): Promise<Found | undefined> {
  // Imported lazily: testcontainers costs ≈ 0.4 s to load, wasted when TEST_DATABASE_URL is set.
  const { getContainerRuntimeClient } = await import('testcontainers');
  try {
    await getContainerRuntimeClient();
  } catch {
    return undefined; // "Could not find a working container runtime strategy": nothing to report
  }
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const container = await new PostgreSqlContainer('postgres:15')
    .withDatabase('postgres')
    .withUsername('postgres')
    .withPassword('postgres')
    .start();
  return { url: container.getConnectionUri(), stop: async () => void (await container.stop()) };
}

async function find(options: StartPostgresOptions): Promise<Found & { source: PostgresSource; detail: string }> {
  const env = options.env ?? process.env;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const fromEnv = env.TEST_DATABASE_URL;
  if (fromEnv) {
    // An explicit URL wins and is never silently replaced: a typo should fail, not test elsewhere.
    await waitForSelect1(fromEnv, Math.min(timeoutMs, 5_000)).catch((error: Error) => {
      throw new PostgresSetupError(`TEST_DATABASE_URL is set but does not answer \`select 1\`: ${error.message}`);
    });
    return { url: fromEnv, stop: async () => {}, source: 'env', detail: new URL(fromEnv).host };
  }
  const containersTried = options.containers ?? true;
  const container = containersTried ? await fromContainers() : undefined;
  if (container) return { ...container, source: 'testcontainers', detail: 'postgres:15' };

  const { binDir, looked } = findBinDir(options.binDirs ?? defaultBinDirs(env));
  if (binDir !== undefined) {
    const cluster = await startLocalCluster(binDir, timeoutMs);
    return { ...cluster, source: 'local-cluster', detail: `${binDir}, ${new URL(cluster.url).host}` };
  }
  const containers = containersTried ? 'no container runtime answered' : 'testcontainers was disabled';
  throw new PostgresSetupError(
    `No PostgreSQL for tests: TEST_DATABASE_URL is unset, ${containers}, and no PostgreSQL server binaries ` +
      `were found (looked in ${looked.join(', ') || 'nothing'}). ` +
      'Install PostgreSQL (apt-get install postgresql) or set TEST_DATABASE_URL.',
  );
}

export async function startPostgres(options: StartPostgresOptions = {}): Promise<PostgresServer> {
  const started = performance.now();
  const { url, stop, source, detail } = await find(options);
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  log(`[postgres] ${source} (${detail}) ready in ${Math.round(performance.now() - started)} ms`);
  return {
    url,
    source,
    createDatabase: (name, opts) => createDatabase(url, name, opts),
    dropDatabase: (name) => dropDatabase(url, name),
    stop,
  };
}
