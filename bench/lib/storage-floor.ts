// The floor under section 1: bench/floor/storage-floor-worker.ts in the registry's own Miniflare configuration.
import { rmSync } from 'node:fs';
import { buildWorker, startRegistry, type Registry } from './registry';

/**
 * The same bindings and Miniflare options as the registry's, so the gap between the two rows is
 * this registry's own work; what is left under the floor's row is the local simulators' cost.
 */
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
