// `npm run bench [-- section…]`: starts every side on this machine, runs the sections, prints their tables, writes bench/RESULTS.md.
import { rmSync, writeFileSync } from 'node:fs';
import type { BenchContext } from './lib/context';
import { machineDescription } from './lib/machine';
import { startDistribution, startWranglerDev } from './lib/processes';
import { ADMIN_TOKEN, buildWorker, startRegistry } from './lib/registry';
import { startStorageFloor } from './lib/storage-floor';
import { bigBlob } from './sections/big-blob';
import { bundleSize } from './sections/bundle-size';
import { chartPage } from './sections/chart-page';
import { helmCli } from './sections/helm-cli';
import { indexAtScale } from './sections/index-scale';
import { ociThroughput } from './sections/oci-throughput';
import { roundTrips } from './sections/round-trips';

/** Sections in the order they run, by the name `npm run bench -- <name>` picks them with. */
const SECTIONS: Record<string, (context: BenchContext) => Promise<string>> = {
  oci: ociThroughput,
  helm: helmCli,
  index: indexAtScale,
  blob: bigBlob,
  trips: roundTrips,
  pages: chartPage,
  bundle: bundleSize,
};
const ALL = Object.keys(SECTIONS);
const picked = process.argv.slice(2).filter((a) => ALL.includes(a));
const sections = picked.length ? picked : ALL;

const output = [`# Benchmark results\n`, machineDescription(), ''];
const print = (text: string) => {
  console.log(text);
  output.push(text, '');
};

/** Everything started so far, stopped at the end even when a start or a section fails. */
const running: { stop(): Promise<void> }[] = [];
const started = async <T extends { stop(): Promise<void> }>(starting: Promise<T>): Promise<T> => {
  const server = await starting;
  running.push(server);
  return server;
};
const build = buildWorker();
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
try {
  const ours = await started(startRegistry(build));
  const reference = await started(startDistribution());
  // `wrangler dev` (the way `npm run dev` runs it) is reported too, for the OCI section.
  const dev = sections.includes('oci') ? await started(startWranglerDev(ADMIN_TOKEN)) : null;
  // And the storage floor under it: the same simulator calls from a bare Worker.
  const floor = sections.includes('oci') ? await started(startStorageFloor()) : null;
  const context: BenchContext = {
    build,
    devServer: dev && { ...dev, name: 'this registry (wrangler dev)', auth: admin },
    ours: { ...ours, name: 'this registry (workerd via Miniflare)', auth: admin },
    reference: { ...reference, name: 'Distribution 2.8 (docker-registry)', auth: {} },
    storageFloor: floor && {
      ...floor,
      name: 'floor: bare Worker, same D1/R2/Cache calls',
      auth: {},
    },
  };
  for (const section of sections) {
    print(await SECTIONS[section]!(context));
  }
} finally {
  for (const server of running) await server.stop();
  rmSync(build, { recursive: true, force: true });
}

if (sections.length === ALL.length) {
  writeFileSync(new URL('./RESULTS.md', import.meta.url), output.join('\n'));
  console.log('wrote bench/RESULTS.md');
}
