// Applies the D1 migrations before each test file (workers-sdk fixtures/vitest-plugin-examples/d1).
import { applyD1Migrations } from 'cloudflare:test';
import { env } from 'cloudflare:workers';

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
