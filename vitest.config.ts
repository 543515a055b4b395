import { defineConfig } from 'vitest/config';

// Two projects: pure-logic unit tests need nothing; integration tests share one
// real Temporal dev server started by the global setup on free ports.
export default defineConfig({
  test: {
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/setup/global.ts'],
        },
      },
      // Long (business-hour) SLAs on the Java time-skipping test server, whose clock is global:
      // its own project so no dev-server test shares that clock.
      {
        extends: true,
        test: { name: 'timeskip', include: ['test/timeskip/**/*.test.ts'], globalSetup: ['test/setup/timeSkipping.ts'] },
      },
    ],
  },
});
