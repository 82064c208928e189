// `npm run dev`: the local registry in one command. Creates .dev.vars with the local admin
// credential on first run, applies the D1 migrations to the local database (which also seeds
// the storage `default` and repository `charts`), then starts `wrangler dev` on port 8787.
// Extra arguments go to `wrangler dev`, e.g. `npm run dev -- --port 9000 --persist-to /tmp/reg`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';

const LOCAL_ADMIN_TOKEN = 'local-admin-token';
const args = process.argv.slice(2);

if (!existsSync('.dev.vars')) {
  writeFileSync(
    '.dev.vars',
    `# Local development secrets (not used in production).\nADMIN_TOKEN=${LOCAL_ADMIN_TOKEN}\n`,
  );
  console.log(`Created .dev.vars with the local admin credential ADMIN_TOKEN=${LOCAL_ADMIN_TOKEN}`);
}

const persistAt = args.indexOf('--persist-to');
const persist = persistAt >= 0 ? ['--persist-to', args[persistAt + 1]] : [];
const env = { ...process.env, WRANGLER_SEND_METRICS: 'false' };

const migrate = spawnSync('wrangler', ['d1', 'migrations', 'apply', 'DB', '--local', ...persist], {
  stdio: 'inherit',
  // CI=true answers wrangler's "apply migrations?" prompt, so the first start needs no input.
  env: { ...env, CI: 'true' },
});
if (migrate.status !== 0) process.exit(migrate.status ?? 1);

const dev = spawn('wrangler', ['dev', ...args], { stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => dev.kill(signal));
dev.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
