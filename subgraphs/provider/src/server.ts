import { databaseAnswers, type Db, serveSubgraph, type SubgraphSigning } from '@migfed/subgraph-kit';
import { type Context, createContext } from './context.js';
import { createSchema } from './schema.js';

export interface ProviderServerOptions {
  /** The provider this deployment serves: `unhcr` or `undesa` (subgraph `provider_<id>`). */
  provider: string;
  db: Db;
  port: number;
  host?: string;
  /** Require that `/graphql` reads come from the gateway, signed with this subgraph's own key. */
  signing?: SubgraphSigning;
}

/** Starts one provider's subgraph; never reads the environment (main.ts does). */
export async function createServer(options: ProviderServerOptions) {
  const schema = createSchema(options.provider);
  return serveSubgraph<Context>({
    name: `provider_${options.provider}`,
    schema,
    port: options.port,
    ready: databaseAnswers(options.db),
    ...(options.host ? { host: options.host } : {}),
    context: async () => createContext({ db: options.db, provider: options.provider }),
    ...(options.signing ? { signing: { ...options.signing, subgraph: `provider_${options.provider}` } } : {}),
  });
}
