import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The Temporal worker's native bridge crashes in worker threads: each test file gets a process.
    pool: 'forks',
    // End-to-end suites share one Dovecot's mailboxes; running files one at a time keeps them apart.
    fileParallelism: false,
    globalSetup: ['test/support/global-setup.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    testTimeout: 90_000,
    hookTimeout: 180_000,
  },
});
