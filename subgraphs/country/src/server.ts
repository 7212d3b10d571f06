import { type Catalog, loadCatalog } from '@migfed/schema';
import {
  databaseAnswers,
  type Db,
  type DbHandle,
  type Logger,
  type Registry,
  serveSubgraph,
  type SubgraphSigning,
} from '@migfed/subgraph-kit';
import { importMetrics } from './admin/metrics.js';
import { mountAdmin } from './admin/index.js';
import type { OnPublished } from './admin/resolvers.js';
import { type Context, createContext } from './context.js';
import { createSchema } from './schema.js';

export interface CountryServerOptions {
  /** ISO 3166-1 alpha-3 code of the member this deployment serves. */
  country: string;
  db: Db;
  port: number;
  host?: string;
  catalog?: Catalog;
  /**
   * The database handle for the focal point's routes under /admin (imports, releases, edits).
   * Without it the subgraph is read-only.
   */
  admin?: { handle: DbHandle; localAdmin?: boolean; onPublished?: OnPublished; recordsKey?: string };
  /** Observation rows one `/graphql` request may read before it is refused with ROW_LIMIT (default 50 000). */
  rowLimit?: number;
  /** Require that `/graphql` reads come from the gateway, signed with this subgraph's own key. */
  signing?: SubgraphSigning;
}

/** Starts one member's subgraph; never reads the environment (main.ts does). */
export async function createServer(options: CountryServerOptions) {
  const catalog = options.catalog ?? loadCatalog();
  const schema = createSchema(options.country);
  let stopAdmin: (() => Promise<void>) | undefined;
  const admin = options.admin;
  const mount = admin
    ? async (app: Parameters<typeof mountAdmin>[0], observe: { metrics: Registry; log: Logger }) => {
        const metrics = importMetrics(observe.metrics);
        stopAdmin = await mountAdmin(app, { ...admin, country: options.country, catalog, metrics, log: observe.log });
      }
    : undefined;
  return serveSubgraph<Context>({
    name: `country_${options.country.toLowerCase()}`,
    schema,
    port: options.port,
    ready: databaseAnswers(options.db),
    ...(options.host ? { host: options.host } : {}),
    context: async () =>
      createContext({ db: options.db, country: options.country, catalog, ...(options.rowLimit ? { rowLimit: options.rowLimit } : {}) }),
    ...(mount ? { routes: mount } : {}),
    ...(options.signing ? { signing: { ...options.signing, subgraph: `country_${options.country.toLowerCase()}` } } : {}),
    onStop: async () => stopAdmin?.(),
  });
}
