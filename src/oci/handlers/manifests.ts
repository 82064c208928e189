/** GET/HEAD/PUT/DELETE `/v2/<name>/manifests/<reference>` (spec: "Pulling manifests", "Pushing manifests", "Deleting manifests"). */
import { OciError } from '../../errors/oci-error';
import { BodyTooLarge, readCapped } from '../../http/read-capped';
import { bucketFor } from '../../storage/buckets';
import {
  deleteManifest,
  deleteTag,
  findManifestByDigest,
  findManifestByTag,
  findMissingReferences,
  putManifest,
  type ManifestRecord,
} from '../../storage/manifests-db';
import { manifestObjectKey } from '../../storage/r2-keys';
import { ensurePackage, findPackage, findRepository } from '../../storage/registry-db';
import { digestBytes } from '../../uploads/digest';
import { ociName, ociPath, type OciContext } from '../context';
import { MAX_MANIFEST_SIZE, manifestText, parseManifest } from '../manifest';
import { digestAlgorithm, parseReference } from '../reference';

/** Manifests up to this size are kept inline in their D1 row; larger ones go to R2. */
const INLINE_MANIFEST_LIMIT = 64 * 1024;

async function manifestBody(env: Env, manifest: ManifestRecord): Promise<ReadableStream | string> {
  if (manifest.content !== null) return manifest.content;
  const object = await bucketFor(env, manifest.bucket).get(manifestObjectKey(manifest.digest));
  if (!object) throw new OciError('MANIFEST_UNKNOWN', { digest: manifest.digest });
  return object.body;
}

export async function getManifest(c: OciContext): Promise<Response> {
  const name = ociName(c);
  const reference = parseReference(c.req.param('reference')!);
  const lookup =
    reference.kind === 'tag'
      ? await findManifestByTag(c.env.DB, name, reference.tag)
      : await findManifestByDigest(c.env.DB, name, reference.digest);
  if (lookup.found === 'name-unknown') throw new OciError('NAME_UNKNOWN', { name: name.full });
  if (lookup.found === 'manifest-unknown') {
    throw new OciError('MANIFEST_UNKNOWN', {
      name: name.full,
      reference: c.req.param('reference'),
    });
  }
  const { manifest } = lookup;
  const headers = {
    'Content-Type': manifest.mediaType,
    'Content-Length': String(manifest.size),
    'Docker-Content-Digest': manifest.digest,
    ETag: `"${manifest.digest}"`,
  };
  if (c.req.method === 'HEAD') return c.body(null, 200, headers);
  return c.body(await manifestBody(c.env, manifest), 200, headers);
}

export async function putManifestHandler(c: OciContext): Promise<Response> {
  const name = ociName(c);
  const reference = parseReference(c.req.param('reference')!);
  const repository = await findRepository(c.env.DB, name.storage, name.repository);
  if (!repository) throw new OciError('NAME_UNKNOWN', { name: name.full });

  let bytes: Uint8Array;
  try {
    bytes = await readCapped(c.req.raw, MAX_MANIFEST_SIZE);
  } catch (err) {
    if (err instanceof BodyTooLarge) {
      throw new OciError('SIZE_INVALID', `manifests are limited to ${MAX_MANIFEST_SIZE} bytes`, {
        status: 413,
      });
    }
    throw err;
  }
  const text = manifestText(bytes);
  const parsed = parseManifest(text, c.req.header('content-type'));

  const digest = await digestBytes(
    reference.kind === 'digest' ? digestAlgorithm(reference.digest)! : 'sha256',
    bytes,
  );
  if (reference.kind === 'digest' && reference.digest !== digest) {
    throw new OciError('DIGEST_INVALID', { expected: reference.digest, actual: digest });
  }

  const references = [...parsed.blobs, ...parsed.manifests];
  const existing = await findPackage(c.env.DB, name);
  let packageId: number;
  if (existing) {
    packageId = existing.packageId;
    const missing = await findMissingReferences(
      c.env.DB,
      packageId,
      parsed.blobs,
      parsed.manifests,
    );
    if (missing.length) throw new OciError('MANIFEST_BLOB_UNKNOWN', { missing });
  } else if (references.length) {
    throw new OciError('MANIFEST_BLOB_UNKNOWN', { missing: references });
  } else {
    packageId = await ensurePackage(c.env.DB, repository.repositoryId, name.name);
  }

  const inline = bytes.byteLength <= INLINE_MANIFEST_LIMIT;
  if (!inline) {
    await bucketFor(c.env, repository.bucket).put(manifestObjectKey(digest), bytes);
  }
  await putManifest(c.env.DB, {
    packageId,
    digest,
    mediaType: parsed.mediaType,
    size: bytes.byteLength,
    content: inline ? text : null,
    artifactType: parsed.artifactType,
    subject: parsed.subject,
    annotations: parsed.annotations,
    references,
    tag: reference.kind === 'tag' ? reference.tag : null,
  });

  const headers: Record<string, string> = {
    Location: ociPath(c, name, `manifests/${digest}`),
    'Docker-Content-Digest': digest,
  };
  if (parsed.subject) headers['OCI-Subject'] = parsed.subject;
  return c.body(null, 201, headers);
}

export async function deleteManifestHandler(c: OciContext): Promise<Response> {
  const name = ociName(c);
  const reference = parseReference(c.req.param('reference')!);
  const found = await findPackage(c.env.DB, name);
  if (!found) throw new OciError('NAME_UNKNOWN', { name: name.full });
  const deleted =
    reference.kind === 'tag'
      ? await deleteTag(c.env.DB, found.packageId, reference.tag)
      : await deleteManifest(c.env.DB, found.packageId, reference.digest);
  if (!deleted) {
    throw new OciError('MANIFEST_UNKNOWN', {
      name: name.full,
      reference: c.req.param('reference'),
    });
  }
  return c.body(null, 202);
}
