// Vitest projects: `worker` in workerd (test/worker/, src/**/*.test.ts); `e2e`: clients in Node.
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [
          cloudflareTest(async () => ({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: {
                ADMIN_TOKEN: 'test-admin-token',
                UPLOAD_TTL_SECONDS: '60',
                COUNT_STORAGE_CALLS: 'true',
                TEST_MIGRATIONS: await readD1Migrations('./migrations'),
              },
            },
          })),
        ],
        test: {
          name: 'worker',
          include: ['test/worker/**/*.test.ts', 'src/**/*.test.{ts,tsx}'],
          setupFiles: ['./test/worker/apply-migrations.ts'],
          testTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts', 'test/browser/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['./test/e2e/start-registry.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          // One registry for all files; each file uses its own repositories and chart names.
          maxWorkers: 3,
        },
      },
    ],
  },
});
