// The floor under section 1: bench/floor/storage-floor-worker.ts, bundled and started in the same
// Miniflare configuration as the registry, so the gap between the two rows is this registry's
// own work; what is left under this row is the local simulators' cost.
import { rmSync } from 'node:fs';
import { buildWorker, startRegistry, type Registry } from './registry';

export async function startStorageFloor(): Promise<Registry> {
  const dir = buildWorker('bench/floor/storage-floor-worker.ts');
  const floor = await startRegistry(dir);
  return {
    ...floor,
    async stop() {
      await floor.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
