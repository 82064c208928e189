/** Charts arriving over HTTP (`PUT <chart>-<version>.tgz`, ChartMuseum `POST /api/charts`). */
import type { ChartContents } from '../core/chart-contents';
import type { ChartMetadata } from '../core/chart-metadata';
import { digestBytes } from '../core/digest';
import type { Repository } from '../core/repository';
import { parseManifest } from '../oci/manifest';
import { bucketFor } from '../storage/buckets';
import { commitWrittenBlob, putBlobBytes, type BlobOwner } from '../storage/blob-writes';
import {
  findChartVersion,
  isImmutableVersionError,
  setChartProvenance,
  upsertChartVersion,
} from '../storage/chart-versions-db';
import { findManifestOfName } from '../storage/manifest-lookup';
import { putManifest, type PutManifestInput } from '../storage/manifest-writes';
import { deleteObjects, readObjectText } from '../storage/r2-objects';
import { ensureOciName } from '../storage/registry-db';
import { ChartInvalid, ChartVersionExists } from './chart-error';
import { chartContentsStatement } from '../storage/chart-contents-objects';
import { versionTag } from './chart-metadata';
import { chartRecord } from './chart-record';
import { ingestArchive } from './ingest-archive';
import { chartConfigJson, chartManifestJson, HELM_MEDIA_TYPES, type Descriptor } from './oci-chart';
import { recordedKeyId } from './prov-key-id';
import { checkProvenanceMatches, parseProvenance } from './provenance';

export interface PublishInput {
  archive: ReadableStream<Uint8Array>;
  length: number;
  prov: Uint8Array | null;
  /** The file name the client used (URL or multipart), checked against the chart inside. */
  fileName: string | null;
}

export interface PublishResult {
  name: string;
  version: string;
  /** false: the identical archive was already there. */
  created: boolean;
}

function ownerOf(repo: Repository, chartName: string): BlobOwner {
  return {
    storageId: repo.storageId,
    repositoryId: repo.repositoryId,
    bucket: repo.bucket,
    name: chartName,
  };
}

const encoder = new TextEncoder();

/**
 * Stores the archive once, gives it the OCI config and manifest `helm push` would have made, and
 * records the version, so it is in index.yaml and pullable with `helm pull oci://` at once.
 */
export async function publishChart(
  env: Env,
  repo: Repository,
  input: PublishInput,
): Promise<PublishResult> {
  const ingested = await ingestArchive(env, repo.bucket, input.archive, input.length);
  const { metadata } = ingested;
  const dropUpload = async () => {
    if (ingested.r2Key) await deleteObjects(bucketFor(env, repo.bucket), [ingested.r2Key]);
  };
  try {
    const expected = `${metadata.name}-${metadata.version}.tgz`;
    if (input.fileName !== null && input.fileName !== expected) {
      throw new ChartInvalid(
        `file name "${input.fileName}" does not match the chart inside (${expected})`,
      );
    }
    if (input.prov)
      checkProvenanceMatches(
        parseProvenance(input.prov),
        metadata.name,
        metadata.version,
        ingested.digest,
      );
    const existing = await findChartVersion(
      env.DB,
      repo.repositoryId,
      metadata.name,
      metadata.version,
    );
    if (existing && existing.archiveDigest === ingested.digest) {
      await dropUpload();
      if (input.prov) await attachProvenance(env, repo, input.prov);
      return { name: metadata.name, version: metadata.version, created: false };
    }
    if (existing && !repo.allowOverwrite) throw versionExists(metadata);
  } catch (err) {
    await dropUpload();
    throw err;
  }

  const owner = ownerOf(repo, metadata.name);
  await commitWrittenBlob(env, owner, ingested.digest, ingested.size, ingested);
  const configBytes = encoder.encode(chartConfigJson(metadata));
  const config: Descriptor = {
    mediaType: HELM_MEDIA_TYPES.config,
    digest: await putBlobBytes(env, owner, configBytes),
    size: configBytes.byteLength,
  };
  const chart: Descriptor = {
    mediaType: HELM_MEDIA_TYPES.chart,
    digest: ingested.digest,
    size: ingested.size,
  };
  const prov: ProvDescriptor | null = input.prov
    ? {
        mediaType: HELM_MEDIA_TYPES.provenance,
        digest: await putBlobBytes(env, owner, input.prov),
        size: input.prov.byteLength,
        keyId: recordedKeyId(input.prov),
      }
    : null;
  await storeChartManifest(env, repo, metadata, ingested.contents, config, chart, prov);
  return { name: metadata.name, version: metadata.version, created: true };
}

/** The provenance layer's descriptor, with the signing key id its file names (recorded, not in the manifest). */
type ProvDescriptor = Descriptor & { keyId: string };

function versionExists(metadata: ChartMetadata): ChartVersionExists {
  return new ChartVersionExists(
    `${metadata.name}-${metadata.version}.tgz already exists with different content, and versions are immutable in this repository`,
  );
}

/** The stored form of a chart manifest this registry generated. */
function chartManifestRecord(
  nameId: number,
  manifest: string,
  digest: string,
  tag: string,
  blobs: { config: string; chart: string; prov: string | null },
): PutManifestInput {
  const blobReferences = [blobs.config, blobs.chart, ...(blobs.prov ? [blobs.prov] : [])];
  return {
    nameId,
    digest,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    size: encoder.encode(manifest).byteLength,
    content: manifest,
    artifactType: HELM_MEDIA_TYPES.config,
    subject: null,
    annotations: null,
    blobReferences,
    manifestReferences: [],
    tag,
    chart: { archiveDigest: blobs.chart, provenance: blobs.prov !== null },
  };
}

/** Writes the generated chart manifest, its tag and the chart version in one transaction. */
async function storeChartManifest(
  env: Env,
  repo: Repository,
  metadata: ChartMetadata,
  contents: ChartContents,
  config: Descriptor,
  chart: Descriptor,
  prov: ProvDescriptor | null,
): Promise<void> {
  const manifest = chartManifestJson(config, chart, prov);
  const digest = await digestBytes('sha256', encoder.encode(manifest));
  const nameId = await ensureOciName(env.DB, repo.repositoryId, metadata.name);
  const version = chartRecord({
    repositoryId: repo.repositoryId,
    nameId,
    metadata,
    archiveDigest: chart.digest,
    archiveSize: chart.size,
    manifestDigest: digest,
    provDigest: prov?.digest ?? null,
    provKeyId: prov?.keyId ?? null,
    protocol: 'http',
    contents,
  });
  try {
    await putManifest(
      env.DB,
      chartManifestRecord(nameId, manifest, digest, versionTag(metadata.version), {
        config: config.digest,
        chart: chart.digest,
        prov: prov?.digest ?? null,
      }),
      [
        upsertChartVersion(env.DB, version),
        await chartContentsStatement(env, repo.bucket, repo.repositoryId, chart.digest, contents),
      ],
    );
  } catch (err) {
    if (isImmutableVersionError(err)) throw versionExists(metadata);
    throw err;
  }
}

/**
 * Adds the provenance file of an existing version: stores it, and re-points the version's OCI
 * tag to a manifest with a provenance layer (the one change a published version allows; a
 * different provenance file replaces the old one only where the repository allows overwrite).
 * `archiveName` is the `<chart>-<version>.tgz` the client addressed, when it named one.
 */
export async function attachProvenance(
  env: Env,
  repo: Repository,
  provBytes: Uint8Array,
  archiveName: string | null = null,
): Promise<{ name: string; version: string }> {
  const prov = parseProvenance(provBytes);
  const signed = `${prov.name}-${prov.version}.tgz`;
  if (archiveName !== null && archiveName !== signed) {
    throw new ChartInvalid(
      `the provenance file is for ${signed}, not ${archiveName} (upload it as ${signed}.prov)`,
    );
  }
  const existing = await findChartVersion(env.DB, repo.repositoryId, prov.name, prov.version);
  if (!existing)
    throw new ChartInvalid(
      `no chart ${prov.name} ${prov.version} to attach the provenance file to`,
    );
  checkProvenanceMatches(prov, prov.name, prov.version, existing.archiveDigest);
  const owner = ownerOf(repo, prov.name);
  const provDigest = await digestBytes('sha256', provBytes);
  if (provDigest === existing.provDigest) return { name: prov.name, version: prov.version };
  if (existing.provDigest !== null && !repo.allowOverwrite) {
    throw new ChartVersionExists(
      `${signed} already has a different provenance file, and versions are immutable in this repository`,
    );
  }
  await putBlobBytes(env, owner, provBytes);

  const current = await findManifestOfName(env.DB, existing.nameId, existing.manifestDigest);
  if (!current) throw new Error(`manifest ${existing.manifestDigest} of ${prov.name} is missing`);
  const text =
    current.content ?? (await readObjectText(bucketFor(env, repo.bucket), current.r2Key!));
  if (text === null)
    throw new Error(`manifest ${existing.manifestDigest} of ${prov.name} is missing`);
  const parsed = parseManifest(text, current.mediaType);
  const chart = parsed.layers.find((l) => l.digest === existing.archiveDigest)!;
  const manifest = chartManifestJson(parsed.config!, chart, {
    mediaType: HELM_MEDIA_TYPES.provenance,
    digest: provDigest,
    size: provBytes.byteLength,
  });
  const digest = await digestBytes('sha256', encoder.encode(manifest));
  await putManifest(
    env.DB,
    chartManifestRecord(existing.nameId, manifest, digest, existing.tag, {
      config: parsed.config!.digest,
      chart: chart.digest,
      prov: provDigest,
    }),
    [
      setChartProvenance(
        env.DB,
        repo.repositoryId,
        prov.name,
        prov.version,
        digest,
        provDigest,
        recordedKeyId(provBytes),
      ),
    ],
  );
  return { name: prov.name, version: prov.version };
}
