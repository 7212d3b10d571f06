export { createServer } from './server.js';
export type { RegistryServerOptions } from './server.js';
export { migrate } from './db/migrate.js';
export { seedRegistry } from './db/seed.js';
export { createDb } from '@migfed/subgraph-kit';
