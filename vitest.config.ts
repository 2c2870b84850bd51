import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default', './test/summary-reporter.ts'],
    pool: 'forks',
    // A test-run TLS certificate trusted by the workers (NODE_EXTRA_CA_CERTS) for the fake Azure servers.
    globalSetup: ['./test/support/tls-global-setup.ts'],
  },
});
