/** GET/HEAD/PUT/DELETE `/v2/<name>/manifests/<reference>`, each handler after its spec section. */
import { removeManifest } from '../../content/delete-content';
import { assertTagNotReserved } from '../artifacthub-tag';
import { contentCacheControl } from '../../content/edge-entries';
import { readManifest } from '../../content/read-manifest';
import { RegistryError } from '../../errors/registry-error';
import { BodyTooLarge, readCapped } from '../../http/read-capped';
import { contentRequest } from '../content-request';
import { ociName, ociPath, type OciContext } from '../context';
import { MAX_MANIFEST_SIZE } from '../manifest';
import { pushManifest } from '../manifest-push';
import { parseReference } from '../reference';

/** GET/HEAD (spec: "Pulling manifests"). */
export async function getManifest(c: OciContext): Promise<Response> {
  const name = ociName(c);
  const reference = parseReference(c.req.param('reference')!, 'found');
  const { manifest, body } = await readManifest(contentRequest(c, name), reference);
  const headers: Record<string, string> = {
    'Content-Type': manifest.mediaType,
    'Content-Length': String(manifest.size),
    'Docker-Content-Digest': manifest.digest,
    ETag: `"${manifest.digest}"`,
  };
  // Only content by digest is immutable; a tag may move.
  if (reference.kind === 'digest')
    headers['Cache-Control'] = contentCacheControl(manifest.visibility);
  return new Response(body, { headers });
}

/** PUT (spec: "Pushing manifests"). */
export async function putManifestHandler(c: OciContext): Promise<Response> {
  const name = ociName(c);
  const reference = parseReference(c.req.param('reference')!, 'stored');
  await assertTagNotReserved(c, name, reference);
  let bytes: Uint8Array;
  try {
    bytes = await readCapped(c.req.raw, MAX_MANIFEST_SIZE);
  } catch (err) {
    if (err instanceof BodyTooLarge) {
      throw new RegistryError('TOO_LARGE', `manifests are limited to ${MAX_MANIFEST_SIZE} bytes`);
    }
    throw err;
  }
  const pushed = await pushManifest(c.env, name, reference, bytes, c.req.header('content-type'));
  const headers: Record<string, string> = {
    Location: ociPath(c, name, `manifests/${pushed.digest}`),
    'Docker-Content-Digest': pushed.digest,
  };
  if (pushed.subject) headers['OCI-Subject'] = pushed.subject;
  return c.body(null, 201, headers);
}

/** DELETE (spec: "Deleting manifests"). */
export async function deleteManifestHandler(c: OciContext): Promise<Response> {
  const name = ociName(c);
  const reference = parseReference(c.req.param('reference')!, 'found');
  await removeManifest(contentRequest(c, name), reference);
  return c.body(null, 202);
}
