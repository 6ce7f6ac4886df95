import { defineConfig } from 'vitest/config';

// The browser tests run the UI against a server on an embedded database whatever the suite's
// database, so CI's second pass on PostgreSQL (TEST_DATABASE_URL) leaves them out.
const withBrowser = !process.env.TEST_DATABASE_URL;

export default defineConfig({
  test: {
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: [
      // `npm run test:unit`: pure code next to its source, no database (the bench's helpers too).
      {
        extends: true,
        test: { name: 'unit', include: ['src/**/*.test.{ts,tsx}', 'bench/**/*.test.ts'] },
      },
      // `npm run test:http`: the real app through app.inject on a real database (template per run).
      {
        extends: true,
        test: { name: 'http', include: ['test/*.test.ts'], globalSetup: ['test/global-setup.ts'] },
      },
      ...(withBrowser
        ? [
            {
              extends: true as const,
              test: {
                name: 'e2e',
                include: ['test/e2e/**/*.test.ts'],
                // Each file starts a server and a Chromium: one at a time on a small machine.
                fileParallelism: false,
                // A browser step on a loaded 2-core machine can miss a timeout now and then; one retry,
                // and a failing step still dumps its pages (screenshots, text) to the log either way.
                retry: 1,
                globalSetup: ['test/e2e/global-setup.ts'],
              },
            },
          ]
        : []),
    ],
  },
});
