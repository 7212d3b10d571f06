import { startGateway } from '@migfed/gateway';
import { composeRegion, type RegionDef } from '@migfed/schema';
import { createServer as createCountry } from '@migfed/subgraph-country';
import { createServer as createRegistry } from '@migfed/subgraph-registry';
import type { Db } from '@migfed/subgraph-kit';

export interface StackOptions {
  region: RegionDef;
  db: Db;
  host?: string;
  /** 0 picks free ports (tests); the demo uses 4000 / 4001 / 4101+. */
  gatewayPort?: number;
  registryPort?: number;
  memberPort?: (index: number, iso3: string) => number;
  subgraphTimeoutMs?: number;
  /** The URL the gateway should use for a member (e.g. through a proxy); default: where it listens. */
  routeMember?: (iso3: string, url: string) => Promise<string> | string;
  log?: (line: string) => void;
}

type Listening = { url: string; stop(): Promise<void> };

export interface Stack {
  gatewayUrl: string;
  registryUrl: string;
  memberUrls: Record<string, string>;
  supergraphSdl: string;
  /** Stops one member's subgraph, as if its server went down. */
  stopMember(iso3: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the registry, every member of the region and the gateway in this process, all on one
 * database (each member's rows carry its code). The supergraph is composed from the contract with
 * the URLs the subgraphs actually got, exactly as `npm run compose` does with the region file's.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const { region, db } = options;
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => {});
  const servers: Listening[] = [];
  const members = new Map<string, Listening>();
  try {
    const registry = await createRegistry({ region, db, port: options.registryPort ?? 0, host });
    servers.push(registry);
    log(`registry          ${registry.url}`);
    for (const [index, m] of region.members.entries()) {
      const server = await createCountry({ country: m.iso3, db, port: options.memberPort?.(index, m.iso3) ?? 0, host });
      servers.push(server);
      members.set(m.iso3, server);
      log(`country_${m.iso3.toLowerCase()}       ${server.url}`);
    }
    const memberUrls = Object.fromEntries([...members].map(([iso3, s]) => [iso3, s.url]));
    const routed: Record<string, string> = {};
    for (const [iso3, url] of Object.entries(memberUrls)) routed[iso3] = (await options.routeMember?.(iso3, url)) ?? url;
    const supergraphSdl = composeRegion(region, { registry: registry.url, members: routed });
    const gateway = await startGateway({
      supergraphSdl,
      port: options.gatewayPort ?? 0,
      host,
      ...(options.subgraphTimeoutMs ? { subgraphTimeoutMs: options.subgraphTimeoutMs } : {}),
    });
    servers.push(gateway);
    return {
      gatewayUrl: gateway.graphqlUrl,
      registryUrl: registry.url,
      memberUrls,
      supergraphSdl,
      stopMember: async (iso3) => {
        const server = members.get(iso3);
        if (!server) throw new Error(`${iso3} is not running in this stack`);
        members.delete(iso3);
        await server.stop();
      },
      stop: async () => {
        await Promise.allSettled([...servers].reverse().map((s) => s.stop()));
      },
    };
  } catch (err) {
    await Promise.allSettled(servers.map((s) => s.stop()));
    throw err;
  }
}
