/** Pushing a manifest: validate, check its references, record a chart version, store it atomically. */
import { RegistryError } from '../errors/registry-error';
import { chartLayers } from '../helm/oci-chart';
import { chartFromManifest } from '../helm/chart-from-manifest';
import {
  isImmutableVersionError,
  upsertChartVersion,
  type ChartVersionInput,
} from '../storage/chart-versions-db';
import { isReferenceCheckError, putManifest } from '../storage/manifest-writes';
import { findPushContext } from '../storage/push-context';
import { putBlobBytes } from '../storage/blob-writes';
import { chartContentsStatement } from '../storage/chart-contents-objects';
import type { Repository } from '../core/repository';
import { ensureOciName } from '../storage/registry-db';
import { digestBytes } from '../core/digest';
import { manifestText, parseManifest, type ParsedManifest } from './manifest';
import type { ManifestReference, OciName } from '../core/names';
import { digestAlgorithm } from './reference';
import { assertOciEnabled } from './access';

/** Manifests up to this size are kept inline in their D1 row; larger ones go to R2. */
const INLINE_MANIFEST_LIMIT = 64 * 1024;

export interface PushedManifest {
  digest: string;
  subject: string | null;
}

/**
 * A descriptor's `size` must be the blob's (image spec "Descriptor": size "MUST" be the exact
 * byte count, so clients can bound what they read); a wrong one is refused like any malformed
 * manifest, as the HTTP surface never stores one.
 */
function checkDescriptorSizes(parsed: ParsedManifest, blobs: Map<string, { size: number }>): void {
  for (const d of [...(parsed.config ? [parsed.config] : []), ...parsed.layers]) {
    const stored = blobs.get(d.digest);
    if (stored && stored.size !== d.size) {
      throw new RegistryError('MANIFEST_INVALID', {
        digest: d.digest,
        reason: `the descriptor says ${d.size} bytes, the blob has ${stored.size}`,
      });
    }
  }
}

/** The OCI name to store under, after checking that every reference is there. */
async function checkReferences(
  env: Env,
  name: OciName,
  parsed: ParsedManifest,
  digest: string,
  tag: string | null,
): Promise<{ repository: Repository; nameId: number; chart: ChartVersionInput | null }> {
  const helm = chartLayers(parsed);
  const readable = [helm?.chart?.digest, helm?.provenance?.digest].filter((d) => d !== undefined);
  const context = await findPushContext(env.DB, name, parsed.blobs, parsed.manifests, readable);
  if (!context) throw new RegistryError('NAME_UNKNOWN', { name: name.full });
  const { repository } = context;
  assertOciEnabled(repository, name);
  if (context.missing.length)
    throw new RegistryError('MANIFEST_BLOB_UNKNOWN', { missing: context.missing });
  checkDescriptorSizes(parsed, context.blobs);
  if (context.nameId === null) {
    // Only a manifest without references (an empty index) can create its OCI name.
    return {
      repository,
      nameId: await ensureOciName(env.DB, repository.repositoryId, name.name),
      chart: null,
    };
  }
  const owner = {
    repositoryId: repository.repositoryId,
    nameId: context.nameId,
    bucket: repository.bucket,
  };
  const chart = await chartFromManifest(env, name, owner, parsed, digest, tag, context.blobs);
  return { repository, nameId: context.nameId, chart };
}

/**
 * Pushes a manifest (spec "Pushing Manifests"): validates it, checks that everything it
 * references is in the repository, records a Helm chart version when it is a chart, and stores
 * it atomically.
 */
export async function pushManifest(
  env: Env,
  name: OciName,
  reference: ManifestReference,
  bytes: Uint8Array,
  contentType: string | undefined,
): Promise<PushedManifest> {
  const text = manifestText(bytes);
  const parsed = parseManifest(text, contentType);
  const algorithm = reference.kind === 'digest' ? digestAlgorithm(reference.digest)! : 'sha256';
  const digest = await digestBytes(algorithm, bytes);
  if (reference.kind === 'digest' && reference.digest !== digest) {
    throw new RegistryError('DIGEST_INVALID', { expected: reference.digest, actual: digest });
  }
  const tag = reference.kind === 'tag' ? reference.tag : null;
  const { repository, nameId, chart } = await checkReferences(env, name, parsed, digest, tag);

  const inline = bytes.byteLength <= INLINE_MANIFEST_LIMIT;
  if (!inline) {
    // A big manifest is kept as a blob of its OCI name (content-addressed, collected like any blob).
    await putBlobBytes(env, { ...repository, name: name.name }, bytes);
  }
  const record = {
    nameId,
    digest,
    mediaType: parsed.mediaType,
    size: bytes.byteLength,
    content: inline ? text : null,
    artifactType: parsed.artifactType,
    subject: parsed.subject,
    annotations: parsed.annotations,
    blobReferences: parsed.blobs,
    manifestReferences: parsed.manifests,
    tag,
    chart: chart
      ? { archiveDigest: chart.archiveDigest, provenance: chart.provDigest !== null }
      : null,
  };
  try {
    const chartStatements = chart
      ? [
          upsertChartVersion(env.DB, chart),
          await chartContentsStatement(
            env,
            repository.bucket,
            chart.repositoryId,
            chart.archiveDigest,
            chart.contents,
          ),
        ]
      : [];
    await putManifest(env.DB, record, chartStatements);
  } catch (err) {
    if (isReferenceCheckError(err)) {
      throw new RegistryError(
        'MANIFEST_BLOB_UNKNOWN',
        'a referenced blob or manifest was deleted while the manifest was pushed',
      );
    }
    if (chart && isImmutableVersionError(err)) {
      throw new RegistryError(
        'VERSION_EXISTS',
        `chart ${chart.metadata.name} ${chart.metadata.version} already exists with different content, and versions are immutable in this repository`,
      );
    }
    throw err;
  }
  return { digest, subject: parsed.subject };
}
