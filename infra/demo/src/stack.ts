import { type RunningGateway, startGateway, type ProtectionOptions, type StartGatewayOptions } from '@migfed/gateway';
import { composeRegion, type RegionDef } from '@migfed/schema';
import { createServer as createCountry } from '@migfed/subgraph-country';
import { createServer as createProvider } from '@migfed/subgraph-provider';
import { createServer as createRegistry } from '@migfed/subgraph-registry';
import { type Db, type DbHandle, signingWithMaster } from '@migfed/subgraph-kit';

export interface StackOptions {
  region: RegionDef;
  db: Db;
  host?: string;
  /** 0 picks free ports (tests); the demo uses 4000 / 4001 / 4101+. */
  gatewayPort?: number;
  registryPort?: number;
  memberPort?: (index: number, iso3: string) => number;
  /** Ports of the region's provider subgraphs (UNHCR, UN DESA); the demo uses 4201+. */
  providerPort?: (index: number, id: string) => number;
  subgraphTimeoutMs?: number;
  /**
   * Shared by the gateway and the registry and members: the gateway signs its requests and they
   * refuse unsigned `/graphql` reads. Unset: nothing is signed.
   */
  signingSecret?: string;
  /** The gateway's query limits, rate limit and circuit breaker (default: the gateway's defaults). */
  protection?: Omit<ProtectionOptions, 'signingSecret'>;
  /** Turns on each member's focal-point routes (/admin: imports, releases, edits) on this database. */
  admin?: { handle: DbHandle; localAdmin?: boolean };
  /** The URL the gateway should use for a member (e.g. through a proxy); default: where it listens. */
  routeMember?: (iso3: string, url: string) => Promise<string> | string;
  /** The same for a provider (e.g. a proxy that counts the gateway's fetches). */
  routeProvider?: (id: string, url: string) => Promise<string> | string;
  log?: (line: string) => void;
  /**
   * The gateway's response cache (default off). Each member's publications drop its cached
   * answers through a direct callback (in production: a signed POST to /internal/invalidate).
   */
  responseCache?: StartGatewayOptions['responseCache'];
}

type Listening = { url: string; stop(): Promise<void> };

export interface Stack {
  gatewayUrl: string;
  registryUrl: string;
  memberUrls: Record<string, string>;
  /** By provider id (`unhcr`, `undesa`). */
  providerUrls: Record<string, string>;
  supergraphSdl: string;
  /** Stops one member's subgraph, as if its server went down. */
  stopMember(iso3: string): Promise<void>;
  /** Starts a stopped member again on the same port, as if its server came back. */
  startMember(iso3: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the registry, every member of the region, its providers and the gateway in this process,
 * all on one database (each member's rows carry its code; providers have schema `provider`). The
 * supergraph is composed from the contract with the URLs the subgraphs actually got, exactly as
 * `npm run compose` does with the region file's.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const { region, db } = options;
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => {});
  const servers: Listening[] = [];
  const members = new Map<string, Listening>();
  let running: RunningGateway | undefined; // members are started first; their notices find it here
  const admin = options.admin
    ? { ...options.admin, onPublished: (e: { country: string; visibleFrom: Date }) => void running?.invalidate(e) }
    : undefined;
  try {
    // Each subgraph gets the key derived for its own name, as a member's operator would.
    const signing = (subgraph: string) => signingWithMaster(options.signingSecret, subgraph);
    const memberSigning = (iso3: string) => signing(`country_${iso3.toLowerCase()}`);
    const registry = await createRegistry({ region, db, port: options.registryPort ?? 0, host, ...signing('registry') });
    servers.push(registry);
    log(`registry          ${registry.url}`);
    for (const [index, m] of region.members.entries()) {
      const port = options.memberPort?.(index, m.iso3) ?? 0;
      const server = await createCountry({ country: m.iso3, db, port, host, ...(admin ? { admin } : {}), ...memberSigning(m.iso3) });
      servers.push(server);
      members.set(m.iso3, server);
      log(`country_${m.iso3.toLowerCase()}       ${server.url}`);
    }
    const providerUrls: Record<string, string> = {};
    for (const [index, p] of (region.providers ?? []).entries()) {
      const server = await createProvider({
        provider: p.id,
        db,
        port: options.providerPort?.(index, p.id) ?? 0,
        host,
        ...signing(`provider_${p.id}`),
      });
      servers.push(server);
      providerUrls[p.id] = server.url;
      log(`provider_${p.id.padEnd(9)}${server.url}`);
    }
    const memberUrls = Object.fromEntries([...members].map(([iso3, s]) => [iso3, s.url]));
    const routed: Record<string, string> = {};
    for (const [iso3, url] of Object.entries(memberUrls)) routed[iso3] = (await options.routeMember?.(iso3, url)) ?? url;
    const routedProviders: Record<string, string> = {};
    for (const [id, url] of Object.entries(providerUrls)) routedProviders[id] = (await options.routeProvider?.(id, url)) ?? url;
    const supergraphSdl = composeRegion(region, { registry: registry.url, members: routed, providers: routedProviders });
    const gateway = await startGateway({
      supergraphSdl,
      port: options.gatewayPort ?? 0,
      host,
      ...(options.subgraphTimeoutMs ? { subgraphTimeoutMs: options.subgraphTimeoutMs } : {}),
      ...options.protection,
      ...(options.signingSecret ? { signingSecret: options.signingSecret } : {}),
      ...(options.responseCache ? { responseCache: options.responseCache } : {}),
    });
    running = gateway;
    servers.push(gateway);
    return {
      gatewayUrl: gateway.graphqlUrl,
      registryUrl: registry.url,
      memberUrls,
      providerUrls,
      supergraphSdl,
      startMember: async (iso3) => {
        if (members.has(iso3)) throw new Error(`${iso3} is already running`);
        const url = memberUrls[iso3];
        if (!url) throw new Error(`${iso3} is not a member of this stack`);
        const port = Number(new URL(url).port);
        const server = await createCountry({ country: iso3, db, port, host, ...(admin ? { admin } : {}), ...memberSigning(iso3) });
        servers.push(server);
        members.set(iso3, server);
      },
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
