/** Content discovery: tags/list, referrers and _catalog (spec: "Content discovery"). */
import { listCatalog, listReferrers, listTags } from '../../storage/manifest-listings';
import { findOciName } from '../../storage/registry-db';
import { nameUnknown } from '../access';
import { readableRepositories } from '../../auth/principal';
import { ociName, ociPath, type OciContext } from '../context';
import { MEDIA_TYPES } from '../manifest';
import { nextLink, parsePage } from '../pagination';
import { parseDigest } from '../reference';

/** Fetches one more than the page size to learn whether a next page exists. */
function paged<T>(limit: number | null, rows: T[]): { items: T[]; hasMore: boolean } {
  if (limit === null || rows.length <= limit) return { items: rows, hasMore: false };
  return { items: rows.slice(0, limit), hasMore: true };
}

export async function tagsList(c: OciContext): Promise<Response> {
  const name = ociName(c);
  const page = parsePage(c.req.query('n'), c.req.query('last'));
  const record = await findOciName(c.env.DB, name, c.var.readScope);
  if (!record) throw await nameUnknown(c, name);
  const rows = await listTags(
    c.env.DB,
    record.nameId,
    page.last,
    page.limit === null ? null : page.limit + 1,
  );
  const { items, hasMore } = paged(page.limit, rows);
  const link = nextLink(ociPath(c, name, 'tags/list'), page, items, hasMore);
  if (link) c.header('Link', link);
  return c.json({ name: name.full, tags: items });
}

export async function referrers(c: OciContext): Promise<Response> {
  const name = ociName(c);
  const subject = parseDigest(c.req.param('digest'));
  const artifactType = c.req.query('artifactType') ?? null;
  // A 404 here would tell clients the referrers API is unsupported (spec, "Listing Referrers"),
  // so an unknown name answers like a subject nothing refers to: an empty index.
  const record = await findOciName(c.env.DB, name, c.var.readScope);
  const found = record ? await listReferrers(c.env.DB, record.nameId, subject, artifactType) : [];
  if (artifactType !== null) c.header('OCI-Filters-Applied', 'artifactType');
  const manifests = found.map((r) => ({
    mediaType: r.mediaType,
    digest: r.digest,
    size: r.size,
    ...(r.artifactType ? { artifactType: r.artifactType } : {}),
    ...(r.annotations ? { annotations: r.annotations } : {}),
  }));
  return c.body(
    JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests }),
    200,
    {
      'Content-Type': MEDIA_TYPES.ociIndex,
    },
  );
}

/** `_catalog`: public names, plus those in repositories the caller may read (after requireLogin). */
export async function catalog(c: OciContext): Promise<Response> {
  const page = parsePage(c.req.query('n'), c.req.query('last'));
  const readable = readableRepositories(c.var.principal);
  const rows = await listCatalog(
    c.env.DB,
    page.last,
    page.limit === null ? null : page.limit + 1,
    readable,
  );
  const { items, hasMore } = paged(page.limit, rows);
  const link = nextLink('/v2/_catalog', page, items, hasMore);
  if (link) c.header('Link', link);
  return c.json({ repositories: items });
}

export function ping(c: OciContext): Response {
  return c.json({});
}
