import { defineConfig } from 'vitest/config';

/**
 * One project per kind of test, so each starts only what it needs:
 * unit (pure, no I/O), integration (DynamoDB Local), api (serverless-offline),
 * miniapp (built mini-program output), e2e (Chromium against the running stack).
 */
export default defineConfig({
  test: {
    // Log lines of passing tests are noise; a failing test shows its own.
    silent: 'passed-only',
    projects: [
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          globalSetup: ['tests/integration/globalSetup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'api',
          include: ['tests/api/**/*.test.ts'],
          globalSetup: ['tests/api/globalSetup.ts'],
          testTimeout: 30_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'miniapp',
          include: ['tests/miniapp/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/e2e/globalSetup.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
