/** `helm push` (any OCI push of a chart manifest): checks the chart layer and returns the version. */
import { RegistryError } from '../errors/registry-error';
import type { ParsedManifest } from '../oci/manifest';
import type { ChartMetadata } from '../core/chart-metadata';
import type { OciName } from '../core/names';
import type { StoredBlob } from '../storage/blob-bytes';
import { openBlobContent, readBlobBytes } from '../storage/blob-reads';
import type { ChartVersionInput } from '../storage/chart-versions-db';
import { readChartArchive, readChartBytes } from './chart-archive';
import { ChartInvalid } from './chart-error';
import { versionTag } from './chart-metadata';
import { chartRecord } from './chart-record';
import { chartLayers, HELM_MEDIA_TYPES } from './oci-chart';
import { recordedKeyId } from './prov-key-id';
import { checkProvenanceMatches, MAX_PROVENANCE_SIZE, parseProvenance } from './provenance';

type Descriptor = ParsedManifest['layers'][number];

export interface ChartOwner {
  repositoryId: number;
  nameId: number;
  bucket: string;
}

/**
 * The provenance layer must be what the HTTP repository accepts as a `.prov` (provenance.ts):
 * a clear-signed file naming this chart and version and signing this chart layer; it is served
 * as `<chart>-<version>.tgz.prov`, which `helm --verify` checks against the archive. Returns
 * the signing key id to record (prov-key-id.ts).
 */
async function checkProvenanceLayer(
  env: Env,
  bucket: string,
  layer: Descriptor,
  blobs: Map<string, StoredBlob & { size: number }>,
  metadata: ChartMetadata,
  chart: Descriptor,
): Promise<string> {
  const blob = blobs.get(layer.digest);
  if (!blob) throw new RegistryError('MANIFEST_BLOB_UNKNOWN', { missing: [layer.digest] });
  if (blob.size > MAX_PROVENANCE_SIZE) {
    throw new RegistryError(
      'MANIFEST_INVALID',
      `the provenance layer exceeds ${MAX_PROVENANCE_SIZE} bytes`,
    );
  }
  const bytes = await readBlobBytes(env, bucket, blob);
  if (!bytes) throw new RegistryError('MANIFEST_BLOB_UNKNOWN', { missing: [layer.digest] });
  try {
    checkProvenanceMatches(parseProvenance(bytes), metadata.name, metadata.version, chart.digest);
  } catch (err) {
    if (err instanceof ChartInvalid) {
      throw new RegistryError('MANIFEST_INVALID', `provenance layer: ${err.message}`);
    }
    throw err;
  }
  return recordedKeyId(bytes);
}

/**
 * The chart version a pushed manifest records, or null when it is no chart (or is pushed by
 * digest only): reads the chart layer and checks it against the OCI name and tag (Helm's rules:
 * the name's last segment is the chart name, the tag is the version with `+` as `_`).
 */
export async function chartFromManifest(
  env: Env,
  name: OciName,
  owner: ChartOwner,
  manifest: ParsedManifest,
  manifestDigest: string,
  tag: string | null,
  blobs: Map<string, StoredBlob & { size: number }>,
): Promise<ChartVersionInput | null> {
  const layers = chartLayers(manifest);
  if (!layers) return null;
  if (!layers.chart)
    throw new RegistryError('MANIFEST_INVALID', 'Helm chart manifest has no chart layer');
  // A chart version is addressed by its tag; a chart pushed by digest only is just an artifact.
  if (tag === null) return null;

  const blob = blobs.get(layers.chart.digest);
  const body = blob && (await openBlobContent(env, owner.bucket, blob));
  if (!blob || !body)
    throw new RegistryError('MANIFEST_BLOB_UNKNOWN', { missing: [layers.chart.digest] });

  let read;
  try {
    const options = { gzipOnly: layers.chart.mediaType !== HELM_MEDIA_TYPES.experimentalChart };
    read =
      body instanceof Uint8Array
        ? await readChartBytes(body, options)
        : await readChartArchive(body, options);
  } catch (err) {
    if (err instanceof ChartInvalid) throw new RegistryError('MANIFEST_INVALID', err.message);
    throw err;
  }
  const { metadata, contents } = read;
  const chartName = name.name.split('/').pop()!;
  if (metadata.name !== chartName) {
    throw new RegistryError(
      'MANIFEST_INVALID',
      `chart name "${metadata.name}" does not match the repository name "${chartName}" (push to oci://<host>/${name.storage}/${name.repository})`,
    );
  }
  if (versionTag(metadata.version) !== tag) {
    throw new RegistryError(
      'MANIFEST_INVALID',
      `tag "${tag}" does not match the chart version "${metadata.version}" (expected tag "${versionTag(metadata.version)}")`,
    );
  }
  const provKeyId = layers.provenance
    ? await checkProvenanceLayer(
        env,
        owner.bucket,
        layers.provenance,
        blobs,
        metadata,
        layers.chart,
      )
    : null;
  return chartRecord({
    repositoryId: owner.repositoryId,
    nameId: owner.nameId,
    metadata,
    archiveDigest: layers.chart.digest,
    archiveSize: blob.size,
    manifestDigest,
    provDigest: layers.provenance?.digest ?? null,
    provKeyId,
    protocol: 'oci',
    contents,
  });
}
