/** Deleting a chart version from both protocols, and from the edge cache of this data centre. */
import { purgeCached } from '../http/edge-cache';
import { deleteChartVersion } from '../storage/charts-db';

export interface VersionRef {
  origin: string;
  storage: string;
  repository: string;
  repositoryId: number;
  name: string;
  version: string;
}

export async function removeVersion(env: Env, ref: VersionRef): Promise<boolean> {
  const digest = await deleteChartVersion(env.DB, ref.repositoryId, ref.name, ref.version);
  if (!digest) return false;
  await purgeCached([
    `${ref.origin}/v2/${ref.storage}/${ref.repository}/${ref.name}/manifests/${digest}`,
  ]);
  return true;
}
