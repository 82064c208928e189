/** GET/HEAD/DELETE `/v2/<name>/blobs/<digest>` (spec: "Pulling blobs", "Deleting blobs"). */
import { removeBlob } from '../../content/delete-content';
import { contentCacheControl } from '../../content/edge-entries';
import { readBlob } from '../../content/read-blob';
import { contentRequest } from '../content-request';
import { ociName, type OciContext } from '../context';
import { parseDigest } from '../reference';

export async function getBlob(c: OciContext): Promise<Response> {
  const name = ociName(c);
  const digest = parseDigest(c.req.param('digest'));
  const { blob, range, body } = await readBlob(
    contentRequest(c, name),
    digest,
    c.req.header('range'),
  );
  const headers: Record<string, string> = {
    'Content-Type': 'application/octet-stream',
    'Docker-Content-Digest': blob.digest,
    'Accept-Ranges': 'bytes',
    ETag: `"${blob.digest}"`,
    'Cache-Control': contentCacheControl(blob.visibility),
  };
  if (!range) {
    return new Response(body, { headers: { ...headers, 'Content-Length': String(blob.size) } });
  }
  const end = range.offset + range.length - 1;
  return new Response(body, {
    status: 206,
    headers: {
      ...headers,
      'Content-Length': String(range.length),
      'Content-Range': `bytes ${range.offset}-${end}/${blob.size}`,
    },
  });
}

export async function deleteBlob(c: OciContext): Promise<Response> {
  const name = ociName(c);
  const digest = parseDigest(c.req.param('digest'));
  await removeBlob(contentRequest(c, name), digest);
  return c.body(null, 202);
}
