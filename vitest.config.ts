import { defineConfig } from 'vitest/config';

// Three tiers, picked by file suffix: unit tests need nothing; integration and
// end-to-end tests get a real PostgreSQL from tests/harness/global-setup.ts.
const ignored = ['**/node_modules/**', '**/dist/**'];

export default defineConfig({
  test: {
    // Servers started inside tests log warnings and errors only; a test that reads logs sets its level.
    env: { APOLLO_TELEMETRY_DISABLED: '1', LOG_LEVEL: 'warn' },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['**/*.test.ts'],
          exclude: [...ignored, '**/*.int.test.ts', '**/*.e2e.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['**/*.int.test.ts'],
          exclude: ignored,
          globalSetup: ['tests/harness/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['**/*.e2e.test.ts'],
          exclude: ignored,
          globalSetup: ['tests/harness/global-setup.ts'],
          // Each e2e file starts its own stack of servers; two at once would fight over 2 cores.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
