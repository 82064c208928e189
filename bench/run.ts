// `npm run bench [-- section…]`: starts every side on this machine, runs the sections, prints their tables, writes bench/RESULTS.md.
import { rmSync, writeFileSync } from 'node:fs';
import type { BenchContext } from './lib/context';
import { machineDescription } from './lib/machine';
import { startDistribution, startWranglerDev } from './lib/processes';
import { ADMIN_TOKEN, buildWorker, startRegistry } from './lib/registry';
import { startStorageFloor } from './lib/storage-floor';
import { bigBlob } from './sections/big-blob';
import { bundleSize } from './sections/bundle-size';
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
  bundle: bundleSize,
};
const ALL = Object.keys(SECTIONS);
const picked = process.argv.slice(2).filter((a) => ALL.includes(a));
const sections = picked.length ? picked : ALL;

const build = buildWorker();
const ours = await startRegistry(build);
const reference = await startDistribution();
// `wrangler dev` (the way `npm run dev` runs it) is reported too, for the OCI section.
const dev = sections.includes('oci') ? await startWranglerDev(ADMIN_TOKEN) : null;
// And the storage floor under it: the same simulator calls from a bare Worker.
const floor = sections.includes('oci') ? await startStorageFloor() : null;
const context: BenchContext = {
  build,
  devServer: dev && {
    ...dev,
    name: 'this registry (wrangler dev)',
    auth: { authorization: `Bearer ${ADMIN_TOKEN}` },
  },
  ours: {
    ...ours,
    name: 'this registry (workerd via Miniflare)',
    auth: { authorization: `Bearer ${ADMIN_TOKEN}` },
  },
  reference: { ...reference, name: 'Distribution 2.8 (docker-registry)', auth: {} },
  storageFloor: floor && { ...floor, name: 'floor: bare Worker, same D1/R2/Cache calls', auth: {} },
};

const output = [`# Benchmark results\n`, machineDescription(), ''];
const print = (text: string) => {
  console.log(text);
  output.push(text, '');
};

try {
  for (const section of sections) {
    print(await SECTIONS[section]!(context));
  }
} finally {
  await ours.stop();
  await reference.stop();
  await dev?.stop();
  await floor?.stop();
  rmSync(build, { recursive: true, force: true });
}

if (sections.length === ALL.length) {
  writeFileSync(new URL('./RESULTS.md', import.meta.url), output.join('\n'));
  console.log('wrote bench/RESULTS.md');
}
