/**
 * `helm push` (and any OCI push of a chart manifest): reads the chart layer, checks it
 * against the OCI name and tag (Helm's rules: the name's last segment is the chart name, the tag
 * is the version with `+` as `_`), and returns the chart version to record with the manifest.
 */
import { OciError } from '../errors/oci-error';
import type { ParsedManifest } from '../oci/manifest';
import type { OciName } from '../oci/reference';
import { openBlob, type StoredBlob } from '../storage/blob-bytes';
import { bucketFor } from '../storage/buckets';
import type { ChartVersionInput } from '../storage/charts-db';
import { readChartArchive, readChartBytes } from './chart-archive';
import { ChartInvalid } from './chart-error';
import { versionTag } from './chart-metadata';
import { chartRecord } from './chart-record';
import { chartLayers, HELM_MEDIA_TYPES } from './oci-chart';

export interface ChartOwner {
  repositoryId: number;
  packageId: number;
  bucket: string;
}

export async function chartFromManifest(
  env: Env,
  name: OciName,
  pkg: ChartOwner,
  manifest: ParsedManifest,
  manifestDigest: string,
  tag: string | null,
  blobs: Map<string, StoredBlob & { size: number }>,
): Promise<ChartVersionInput | null> {
  const layers = chartLayers(manifest);
  if (!layers) return null;
  if (!layers.chart)
    throw new OciError('MANIFEST_INVALID', 'Helm chart manifest has no chart layer');
  // A chart version is addressed by its tag; a chart pushed by digest only is just an artifact.
  if (tag === null) return null;

  const blob = blobs.get(layers.chart.digest);
  const body = blob && (blob.content ?? (await openBlob(bucketFor(env, pkg.bucket), blob)));
  if (!blob || !body)
    throw new OciError('MANIFEST_BLOB_UNKNOWN', { missing: [layers.chart.digest] });

  let metadata;
  try {
    const options = { gzipOnly: layers.chart.mediaType !== HELM_MEDIA_TYPES.experimentalChart };
    metadata =
      body instanceof Uint8Array
        ? await readChartBytes(body, options)
        : await readChartArchive(body, options);
  } catch (err) {
    if (err instanceof ChartInvalid) throw new OciError('MANIFEST_INVALID', err.message);
    throw err;
  }
  const chartName = name.name.split('/').pop()!;
  if (metadata.name !== chartName) {
    throw new OciError(
      'MANIFEST_INVALID',
      `chart name "${metadata.name}" does not match the repository name "${chartName}" (push to oci://<host>/${name.storage}/${name.repository})`,
    );
  }
  if (versionTag(metadata.version) !== tag) {
    throw new OciError(
      'MANIFEST_INVALID',
      `tag "${tag}" does not match the chart version "${metadata.version}" (expected tag "${versionTag(metadata.version)}")`,
    );
  }
  return chartRecord({
    repositoryId: pkg.repositoryId,
    packageId: pkg.packageId,
    metadata,
    archiveDigest: layers.chart.digest,
    archiveSize: blob.size,
    manifestDigest,
    provDigest: layers.provenance?.digest ?? null,
    protocol: 'oci',
  });
}
