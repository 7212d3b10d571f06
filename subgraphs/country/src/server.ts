import { type Catalog, loadCatalog } from '@migfed/schema';
import { type Db, serveSubgraph } from '@migfed/subgraph-kit';
import { type Context, createContext } from './context.js';
import { createSchema } from './schema.js';

export interface CountryServerOptions {
  /** ISO 3166-1 alpha-3 code of the member this deployment serves. */
  country: string;
  db: Db;
  port: number;
  host?: string;
  catalog?: Catalog;
}

/** Starts one member's subgraph; never reads the environment (main.ts does). */
export async function createServer(options: CountryServerOptions) {
  const catalog = options.catalog ?? loadCatalog();
  const schema = createSchema(options.country);
  return serveSubgraph<Context>({
    schema,
    port: options.port,
    ...(options.host ? { host: options.host } : {}),
    context: async () => createContext({ db: options.db, country: options.country, catalog }),
  });
}
