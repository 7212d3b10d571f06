// Tiny real subgraphs for the gateway's own tests (real servers on port 0, no stubs). They follow the
// contract SDL from @migfed/schema with just enough resolvers to show gateway behaviour; the real
// subgraphs have their own tests in subgraphs/ and tests/.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { countrySdl, registrySdl, subgraphName } from '@migfed/schema';
import { GraphQLError, parse } from 'graphql';

export interface FixtureSubgraph {
  name: string;
  url: string;
  typeDefs: string;
  stop(): Promise<void>;
}

async function serve(name: string, typeDefs: string, resolvers: object): Promise<FixtureSubgraph> {
  const schema = buildSubgraphSchema({ typeDefs: parse(typeDefs), resolvers: resolvers as never });
  // Stack traces on, so tests can show the gateway drops them.
  const server = new ApolloServer({ schema, includeStacktraceInErrorResponses: true, plugins: [ApolloServerPluginInlineTraceDisabled()] });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  return { name, url, typeDefs, stop: () => server.stop() };
}

export function startRegistry(members: { iso3: string; name: string }[]): Promise<FixtureSubgraph> {
  const countries = members.map((m) => ({ __typename: m.iso3, ...m }));
  return serve(subgraphName.registry, registrySdl(members.map((m) => m.iso3)), {
    Query: {
      countries: (_: unknown, args: { iso3?: string[] }) => countries.filter((c) => !args.iso3 || args.iso3.includes(c.iso3)),
    },
  });
}

export interface CountryFixtureOptions {
  observations?: { period: string; value: number | null }[];
  /** Sleep before answering observations (to exceed the gateway's timeout). */
  delayMs?: number;
  /** Defaults to the contract, countrySdl(iso3). */
  typeDefs?: string;
}

export function startCountry(iso3: string, options: CountryFixtureOptions = {}): Promise<FixtureSubgraph> {
  const rows = options.observations ?? [{ period: '2023', value: 100 }];
  return serve(subgraphName.country(iso3), options.typeDefs ?? countrySdl(iso3), {
    [iso3]: {
      __resolveReference: (ref: { iso3: string }) => ({ iso3: ref.iso3 }),
      observations: async (_: unknown, args: { indicator: string }) => {
        if (options.delayMs) await sleep(options.delayMs);
        if (args.indicator === 'NO_SUCH_INDICATOR') {
          throw new GraphQLError(`Unknown indicator "${args.indicator}"`, { extensions: { code: 'UNKNOWN_INDICATOR' } });
        }
        return rows.map((r) => ({ indicator: args.indicator, dimensions: [], status: 'A', confidentiality: 'F', ...r }));
      },
    },
  });
}

/** A plain HTTP server answering every request with `status` and a JSON body (e.g. a 400 with errors). */
export async function startRawSubgraph(name: string, status: number, body: unknown): Promise<FixtureSubgraph> {
  const server = http.createServer((_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const stop = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { name, url: `http://127.0.0.1:${port}/graphql`, typeDefs: '', stop };
}

/** Starts a server just to learn a free port, then stops it: a URL where nothing answers. */
export async function deadUrl(): Promise<string> {
  const raw = await startRawSubgraph('dead', 500, {});
  await raw.stop();
  return raw.url;
}
