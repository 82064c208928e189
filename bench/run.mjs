// `npm run bench`: this registry side by side with the reference registry (CNCF Distribution 2.8
// from Debian, filesystem storage) and nginx, all on this machine in the same run. Prints a table
// per section and writes bench/RESULTS.md. Sections can be picked: `npm run bench -- oci helm`.
import { rmSync, writeFileSync } from 'node:fs';
import { ADMIN_TOKEN, buildWorker, startRegistry } from './lib/registry.mjs';
import { startDistribution, startWranglerDev } from './lib/processes.mjs';
import { startStorageFloor } from './lib/storage-floor.mjs';
import { machineDescription } from './lib/machine.mjs';
import { ociThroughput } from './sections/oci-throughput.mjs';
import { helmCli } from './sections/helm-cli.mjs';
import { indexAtScale } from './sections/index-scale.mjs';
import { bigBlob } from './sections/big-blob.mjs';
import { roundTrips } from './sections/round-trips.mjs';
import { bundleSize } from './sections/bundle-size.mjs';

const ALL = ['oci', 'helm', 'index', 'blob', 'trips', 'bundle'];
const picked = process.argv.slice(2).filter((a) => ALL.includes(a));
const sections = picked.length ? picked : ALL;

const build = buildWorker();
const ours = await startRegistry(build);
const reference = await startDistribution();
// `wrangler dev` (the way `npm run dev` runs it) is reported too, for the OCI section.
const dev = sections.includes('oci') ? await startWranglerDev(ADMIN_TOKEN) : null;
// And the storage floor under it: the same simulator calls from a bare Worker.
const floor = sections.includes('oci') ? await startStorageFloor() : null;
const context = {
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
const print = (text) => {
  console.log(text);
  output.push(text, '');
};

try {
  for (const section of sections) {
    const run = {
      oci: ociThroughput,
      helm: helmCli,
      index: indexAtScale,
      blob: bigBlob,
      trips: roundTrips,
      bundle: bundleSize,
    }[section];
    print(await run(context));
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
