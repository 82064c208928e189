/** Deleting a chart version from both protocols, and from this data centre's edge cache. */
import { purgeContent } from '../content/edge-entries';
import { deleteChartVersion } from '../storage/chart-aliases-db';

export interface VersionRef {
  origin: string;
  storage: string;
  repository: string;
  repositoryId: number;
  name: string;
  version: string;
}

/**
 * A chart version `<chart>-<version>` is one record of the HTTP repository; every OCI name whose
 * last segment is the chart (`…/charts/mychart`, `…/charts/coll/mychart`) tagged with the
 * version carries it, and deleting the version (HTTP, ChartMuseum, admin API) removes them all.
 */
export async function removeVersion(env: Env, ref: VersionRef): Promise<boolean> {
  const deleted = await deleteChartVersion(env.DB, ref.repositoryId, ref.name, ref.version);
  if (deleted.length === 0) return false;
  await purgeContent(
    ref.origin,
    deleted.map((d) => ({
      name: { storage: ref.storage, repository: ref.repository, name: d.name },
      kind: 'manifests' as const,
      digest: d.digest,
    })),
  );
  return true;
}
