// vitest globalSetup for the integration and e2e projects (vitest.config.ts): one PostgreSQL for the
// whole run, handed to test files as inject('postgresUrl'); they make their own databases on it.
import type { TestProject } from 'vitest/node';
// Type-only: brings in the ProvidedContext augmentation that types provide('postgresUrl', …).
import type {} from './context.js';
import { startPostgres } from './postgres.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startPostgres();
  project.provide('postgresUrl', server.url);
  return () => server.stop();
}
