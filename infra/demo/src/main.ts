import { parseArgs } from 'node:util';
import { announceDemo, listRegions, loadRegion } from '@migfed/schema';
import { migrate as migrateCountry } from '@migfed/subgraph-country';
import { applyObservability, assertDataDirFree, createDb, EnvReader, openPglite, readObservability } from '@migfed/subgraph-kit';
import { migrate as migrateProvider } from '@migfed/subgraph-provider';
import { migrate as migrateRegistry } from '@migfed/subgraph-registry';
import { checkDemoPort } from './ports.js';
import { seedDemo } from './seed-demo.js';
import { seedDemoProviders } from './seed-providers.js';
import { startStack } from './stack.js';

const usage = `npm start [-- --region dsm|siemmes] [--port 4000] [--data-dir .data/demo-<region>] [--fresh]

Starts the registry, every member of the region, the UNHCR and UN DESA provider subgraphs and
the gateway on one embedded PGlite (no database server needed), filled with generated demo data
on first start. Provider figures are generated too and labelled DEMO (not UNHCR or UN DESA data);
to serve the real files instead, stop the demo and import them into its folder:
  npm run migfed -- unhcr import ../shared/data/unhcr/2025.12.1 --data-dir .data/demo-<region>`;

async function main() {
  const { values } = parseArgs({
    options: {
      region: { type: 'string', default: 'dsm' },
      port: { type: 'string', default: '4000' },
      host: { type: 'string', default: '127.0.0.1' },
      'data-dir': { type: 'string' },
      fresh: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  if (!listRegions().includes(values.region)) {
    throw new Error(`Unknown region "${values.region}"; choose one of: ${listRegions().join(', ')}`);
  }
  // The servers' JSON logs would bury what the demo prints for its user: warnings and errors only,
  // unless LOG_LEVEL asks for more. /metrics and OTEL_EXPORTER_OTLP_ENDPOINT work as in production.
  const env = new EnvReader(process.env);
  const observability = readObservability(env, 'warn');
  env.done('migfed demo');
  applyObservability(observability, 'demo');
  const region = loadRegion(values.region);
  const port = checkDemoPort(values.port, region.members.length, region.providers?.length ?? 0);
  const dataDir = values['data-dir'] ?? `.data/demo-${region.id}`;
  if (values.fresh) {
    // Never delete the files of a demo that is still running.
    assertDataDirFree(dataDir);
    const { rm } = await import('node:fs/promises');
    await rm(dataDir, { recursive: true, force: true });
  }
  console.log(`migfed demo: ${region.name}, embedded database in ${dataDir}`);
  const handle = createDb({ pglite: await openPglite(dataDir) });
  await migrateRegistry(handle);
  await migrateCountry(handle);
  await migrateProvider(handle);
  await seedDemo(handle.db, region, (line) => console.log(line), { records: handle });
  await seedDemoProviders(handle, region, (line) => console.log(line));
  const stack = await startStack({
    region,
    db: handle.db,
    host: values.host,
    gatewayPort: port,
    registryPort: port + 1,
    memberPort: (index) => port + 101 + index,
    providerPort: (index) => port + 201 + index,
    // The demo's operator is whoever sits at this machine: tokens can be made from loopback.
    admin: { handle, localAdmin: true },
    // Published figures are cached at the gateway; a publication through the CLI drops them at once.
    responseCache: { maxAgeS: 300 },
    log: (line) => console.log(`  ${line}`),
  });
  // The CLI reads this to find the members on whatever --port this demo runs.
  const withdraw = announceDemo({
    region: region.id,
    gatewayUrl: stack.gatewayUrl,
    registryUrl: stack.registryUrl,
    memberUrls: stack.memberUrls,
    providerUrls: stack.providerUrls,
  });
  const base = stack.gatewayUrl.replace(/\/graphql$/, '');
  console.log(`
Ready.
  GraphQL   ${stack.gatewayUrl}
  Explorer  ${base}/explorer
  Reports   ${base}/reports
  Health    ${base}/health
  SDMX      ${base}/sdmx/2.1/dataflow/MIGFED
Try in the explorer:
  { countries { iso3 name observations(indicator: "WORK_PERMITS_ISSUED", from: "2019", to: "2023") { period value } } }
  { countries { iso3 unhcr { source asylumApplications(year: 2023) }
      asylumApplicationsComparison(year: 2023) { national unhcr difference newer } } }
Stop with Ctrl+C.`);
  const shutdown = async () => {
    withdraw();
    await stack.stop();
    await handle.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
  console.error(`migfed demo: ${(err as Error).message}`);
  process.exit(1);
});
