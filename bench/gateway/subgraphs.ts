// Child process of the gateway benchmark: the region's registry, every member and its
// providers on loopback over one PostgreSQL (DATABASE_URL), with the demo's generated data. Kept out
// of the driver's process so that autocannon and the subgraphs do not share one event loop, and so
// that the subgraphs' CPU can be read on its own. Writes the supergraph (composed with the URLs the
// subgraphs got) to SUPERGRAPH_OUT and prints one `READY {json}` line.
import { writeFileSync } from 'node:fs';
import { seedDemo, seedDemoProviders } from '@migfed/demo';
import { composeRegion, loadRegion, type RegionDef } from '@migfed/schema';
import { createServer as createCountry, migrate as migrateCountry } from '@migfed/subgraph-country';
import { createDb, type DbHandle } from '@migfed/subgraph-kit';
import { createServer as createRegistry, migrate as migrateRegistry } from '@migfed/subgraph-registry';

type Listening = { url: string; stop(): Promise<void> };
type ProviderModule = {
  createServer(o: { provider: string; db: DbHandle['db']; port: number; host?: string }): Promise<Listening>;
  migrate(h: DbHandle): Promise<void>;
};

/** The provider package is optional: without it, or without providers in the region file, none run. */
async function loadProviders(region: RegionDef): Promise<{ module?: ProviderModule; why: string }> {
  if (!region.providers?.length) return { why: `region ${region.id} lists no providers` };
  try {
    return { module: (await import('@migfed/subgraph-provider')) as unknown as ProviderModule, why: '' };
  } catch (err) {
    return { why: `@migfed/subgraph-provider cannot be loaded: ${(err as Error).message.split('\n')[0]}` };
  }
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  const out = process.env.SUPERGRAPH_OUT;
  if (!url || !out) throw new Error('DATABASE_URL and SUPERGRAPH_OUT are required');
  const region = loadRegion(process.env.REGION ?? 'dsm');
  const host = '127.0.0.1';
  // Twelve members share this pool, as in the demo; 10 connections would queue under 50 clients.
  const handle = createDb({ url, max: 24 });
  const providers = await loadProviders(region);
  await migrateRegistry(handle);
  await migrateCountry(handle);
  await providers.module?.migrate(handle);
  await seedDemo(handle.db, region, (line) => console.error(`seed: ${line}`));
  if (providers.module) await seedDemoProviders(handle, region, (line) => console.error(`seed: ${line}`));

  const servers: Listening[] = [await createRegistry({ region, db: handle.db, port: 0, host })];
  const members: Record<string, string> = {};
  for (const m of region.members) {
    const server = await createCountry({ country: m.iso3, db: handle.db, port: 0, host });
    servers.push(server);
    members[m.iso3] = server.url;
  }
  const providerUrls: Record<string, string> = {};
  for (const p of providers.module ? (region.providers ?? []) : []) {
    const server = await providers.module!.createServer({ provider: p.id, db: handle.db, port: 0, host });
    servers.push(server);
    providerUrls[p.id] = server.url;
  }
  const withProviders = providers.module ? region : { ...region, providers: [] };
  writeFileSync(out, composeRegion(withProviders, { registry: servers[0]!.url, members, providers: providerUrls }));
  console.log(`READY ${JSON.stringify({ registry: servers[0]!.url, members, providers: providerUrls, providersMissing: providers.why })}`);

  const stop = async () => {
    await Promise.allSettled(servers.map((s) => s.stop()));
    await handle.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

main().catch((err: unknown) => {
  console.error(`bench subgraphs: ${(err as Error).stack ?? String(err)}`);
  process.exit(1);
});
