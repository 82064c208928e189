/** The install section's blocks for a version on this origin (render/install.ts writes the commands). */
import type { ChartVersionDetail } from '../catalog/types';
import type { InstallBlock } from './parts/install-section';

export function installBlocks(origin: string, v: ChartVersionDetail): InstallBlock[] {
  // Placeholder until render/install.ts lands: the commands are built there.
  const blocks: InstallBlock[] = [];
  if (v.download.http) {
    blocks.push({
      id: 'install-http',
      label: 'Helm repository (HTTP)',
      text: `helm repo add ${v.storage}-${v.repository} ${origin}/repositories/${v.storage}/${v.repository}`,
    });
  }
  return blocks;
}
