import { type Catalog, loadCatalog } from '@migfed/schema';
import { type Db, type DbHandle, serveSubgraph } from '@migfed/subgraph-kit';
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
  /** Require that `/graphql` reads come from the gateway, signed with this shared secret. */
  signing?: { secret: string; maxSkewMs?: number };
}

/** Starts one member's subgraph; never reads the environment (main.ts does). */
export async function createServer(options: CountryServerOptions) {
  const catalog = options.catalog ?? loadCatalog();
  const schema = createSchema(options.country);
  let stopAdmin: (() => Promise<void>) | undefined;
  const admin = options.admin;
  const mount = admin
    ? async (app: Parameters<typeof mountAdmin>[0]) => {
        stopAdmin = await mountAdmin(app, { ...admin, country: options.country, catalog });
      }
    : undefined;
  return serveSubgraph<Context>({
    schema,
    port: options.port,
    ...(options.host ? { host: options.host } : {}),
    context: async () => createContext({ db: options.db, country: options.country, catalog }),
    ...(mount ? { routes: mount } : {}),
    ...(options.signing ? { signing: options.signing } : {}),
    onStop: async () => stopAdmin?.(),
  });
}
