import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The Temporal worker's native bridge crashes in worker threads: each test file gets a process.
    pool: 'forks',
    // End-to-end suites share one Dovecot's mailboxes; running files one at a time keeps them apart.
    fileParallelism: false,
    reporters: ['default', './test/support/summary-reporter.ts'],
    testTimeout: 90_000,
    hookTimeout: 180_000,
    projects: [
      // Pure code (domain, parsers, settings): no server needed, `vitest run --project unit` runs them alone.
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      // Against the real servers global-setup starts: PostgreSQL, Dovecot + SMTP, the Temporal dev server.
      { extends: true, test: { name: 'stack', include: ['test/{db,workflows,e2e}/**/*.test.ts'], globalSetup: ['test/support/global-setup.ts'] } },
      // Workflows that wait days or months, on a private time-skipping server each file starts itself
      // (test/support/time-skipping.ts): no shared servers, so no globalSetup.
      { extends: true, test: { name: 'timeskip', include: ['test/timeskip/**/*.test.ts'] } },
    ],
  },
});
