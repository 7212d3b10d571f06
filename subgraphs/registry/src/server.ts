import { type Catalog, loadCatalog, type RegionDef } from '@migfed/schema';
import { databaseAnswers, type Db, serveSubgraph, type SubgraphSigning } from '@migfed/subgraph-kit';
import { type Context, createContext } from './context.js';
import { seedRegistry } from './db/seed.js';
import { createSchema } from './schema.js';

export interface RegistryServerOptions {
  region: RegionDef;
  db: Db;
  port: number;
  host?: string;
  /** Refresh the registry's tables from schema/ before serving (default true). */
  seed?: boolean;
  /** Require that `/graphql` reads come from the gateway, signed with this subgraph's own key. */
  signing?: SubgraphSigning;
  /** The catalog to serve (default: the agreed one under schema/catalog/). */
  catalog?: Catalog;
}

/** Starts the secretariat's registry subgraph for one region; never reads the environment. */
export async function createServer(options: RegistryServerOptions) {
  const catalog = options.catalog ?? loadCatalog();
  if (options.seed !== false) await seedRegistry(options.db, options.region, catalog);
  return serveSubgraph<Context>({
    name: 'registry',
    schema: createSchema(options.region.members.map((m) => m.iso3)),
    port: options.port,
    ready: databaseAnswers(options.db),
    ...(options.host ? { host: options.host } : {}),
    context: async () => createContext(options.db, catalog),
    ...(options.signing ? { signing: { ...options.signing, subgraph: 'registry' } } : {}),
  });
}
