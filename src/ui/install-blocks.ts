/** The install section's blocks for a version on this origin (render/install.ts writes the commands). */
import type { ChartPage } from '../catalog/types';
import { installInstructions } from '../render/install';
import type { InstallBlock } from './parts/install-section';

/** One block per protocol the repository serves: its steps, one command a line, then how to pull. */
export function installBlocks(origin: string, page: ChartPage): InstallBlock[] {
  const v = page.version;
  return installInstructions({
    origin,
    storage: v.storage,
    repository: v.repository,
    chart: v.name,
    version: v.version,
    mode: v.mode,
    private: page.chart.visibility === 'private',
  }).map((i) => ({
    id: `install-${i.protocol}`,
    label: i.label,
    text: i.steps.join('\n'),
    pull: i.pull,
    notes: i.notes,
  }));
}
