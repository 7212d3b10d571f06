export { createServer } from './server.js';
export type { CountryServerOptions } from './server.js';
export { migrate } from './db/migrate.js';
export { createDb } from '@migfed/subgraph-kit';
export { seedCountry } from './db/seed.js';
export type { SeedData } from './db/seed.js';
export { hasObservations } from './db/queries.js';
export type { OnPublished } from './admin/resolvers.js';
