// A small region on loopback for the resilience and security tests: the registry, real
// country subgraphs on a real PostgreSQL, each behind a fault proxy the test controls, and the
// gateway. Members named in `ownDatabaseLink` reach PostgreSQL through their own TCP hop, so a
// test can take a member's database away without touching anyone else's.
import { startGateway, type ProtectionOptions } from '@migfed/gateway';
import { composeRegion, loadRegion, type RegionDef } from '@migfed/schema';
import { createServer as createCountry } from '@migfed/subgraph-country';
import { createDb, type DbHandle, signingWithMaster } from '@migfed/subgraph-kit';
import { createServer as createRegistry } from '@migfed/subgraph-registry';
import { startFaultProxy } from './fault-proxy.js';
import { startTcpProxy } from './tcp-proxy.js';

export interface FaultStackOptions {
  databaseUrl: string;
  handle: DbHandle;
  members: string[];
  ownDatabaseLink?: string[];
  signingSecret?: string;
  subgraphTimeoutMs: number;
  protection?: Omit<ProtectionOptions, 'signingSecret'>;
  /** Mount the focal points' /admin routes (token auth) on every member. */
  admin?: boolean;
  /** Members' bounds on public reads: rows per request, and PostgreSQL's statement_timeout (own read pool). */
  memberLimits?: { rowLimit?: number; statementTimeoutMs?: number };
}

type Stoppable = { stop(): Promise<void> };

/** A region cut from the DSM file with just `members` and no providers. */
export function smallRegion(members: string[]): RegionDef {
  const dsm = loadRegion('dsm');
  return { ...dsm, id: 'faults', members: dsm.members.filter((m) => members.includes(m.iso3)), providers: [] };
}

export async function startFaultStack(options: FaultStackOptions) {
  const region = smallRegion(options.members);
  const signing = (subgraph: string) => signingWithMaster(options.signingSecret, subgraph);
  const host = '127.0.0.1';
  const pg = new URL(options.databaseUrl);
  const dbLinks = Object.fromEntries(
    await Promise.all(
      (options.ownDatabaseLink ?? []).map(
        async (iso3) => [iso3, await startTcpProxy({ host: pg.hostname, port: Number(pg.port || 5432) })] as const,
      ),
    ),
  );
  const handles = Object.fromEntries(
    Object.entries(dbLinks).map(([iso3, link]) => [iso3, createDb({ url: link.route(options.databaseUrl), max: 2 })]),
  );
  const admin = options.admin ? { admin: { handle: options.handle } } : {};
  const limits = options.memberLimits ?? {};
  const reads = limits.statementTimeoutMs
    ? createDb({ url: options.databaseUrl, statementTimeoutMs: limits.statementTimeoutMs })
    : undefined;
  const rowLimit = limits.rowLimit ? { rowLimit: limits.rowLimit } : {};
  const startMember = (iso3: string, port = 0) =>
    createCountry({
      country: iso3,
      db: (handles[iso3] ?? reads ?? options.handle).db,
      port,
      host,
      ...signing(`country_${iso3.toLowerCase()}`),
      ...admin,
      ...rowLimit,
    });

  const registry = await createRegistry({ region, db: options.handle.db, port: 0, host, ...signing('registry') });
  const members: Record<string, Stoppable & { url: string }> = {};
  const proxies: Record<string, Awaited<ReturnType<typeof startFaultProxy>>> = {};
  for (const iso3 of options.members) {
    members[iso3] = await startMember(iso3);
    proxies[iso3] = await startFaultProxy(new URL(members[iso3].url).origin);
  }
  const supergraphSdl = composeRegion(region, {
    registry: registry.url,
    members: Object.fromEntries(Object.entries(proxies).map(([k, p]) => [k, p.url])),
  });
  const gateway = await startGateway({
    supergraphSdl,
    port: 0,
    explorer: false,
    reports: false,
    subgraphTimeoutMs: options.subgraphTimeoutMs,
    log: { info: () => {}, warn: () => {}, error: () => {} },
    ...options.protection,
    ...(options.signingSecret ? { signingSecret: options.signingSecret } : {}),
  });
  return {
    gatewayUrl: gateway.graphqlUrl,
    gatewayOrigin: gateway.url,
    registryUrl: registry.url,
    memberUrl: (iso3: string) => members[iso3]!.url,
    proxies,
    dbLinks,
    stopMember: (iso3: string) => members[iso3]!.stop(),
    /** Starts a stopped member again on its old port, as if its server came back. */
    restartMember: async (iso3: string) => {
      members[iso3] = await startMember(iso3, Number(new URL(members[iso3]!.url).port));
    },
    stopRegistry: () => registry.stop(),
    stop: async () => {
      await gateway.stop();
      await Promise.allSettled([registry, ...Object.values(members), ...Object.values(proxies)].map((s) => s.stop()));
      await Promise.allSettled([...Object.values(handles), ...(reads ? [reads] : [])].map((h) => h.close()));
      await Promise.allSettled(Object.values(dbLinks).map((l) => l.stop()));
    },
  };
}
