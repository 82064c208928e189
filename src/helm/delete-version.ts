/**
 * Deleting a chart version from both protocols, and from the edge cache of this data centre. A
 * chart version `<chart>-<version>` is one record of the HTTP repository; every OCI name whose
 * last segment is the chart (`…/charts/mychart`, `…/charts/coll/mychart`) tagged with the
 * version carries it, and deleting the version (HTTP, ChartMuseum, admin API) removes them all.
 */
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
  const deleted = await deleteChartVersion(env.DB, ref.repositoryId, ref.name, ref.version);
  if (deleted.length === 0) return false;
  await purgeCached(
    deleted.map(
      (d) =>
        `${ref.origin}/v2/${ref.storage}/${ref.repository}/${d.packageName}/manifests/${d.digest}`,
    ),
  );
  return true;
}
