/** `n` / `last` pagination with a `Link: <url>; rel="next"` header, for tags/list and _catalog. */
import { RegistryError } from '../errors/registry-error';

export interface Page {
  /** null: no `n`, return everything. */
  limit: number | null;
  last: string | null;
}

/**
 * The `n` and `last` query parameters (OCI Distribution Spec v1.1, "Listing Tags"; the catalog
 * takes the same, as in distribution's catalog API).
 */
export function parsePage(n: string | undefined, last: string | undefined): Page {
  if (n === undefined || n === '') return { limit: null, last: last ?? null };
  if (!/^\d{1,9}$/.test(n)) {
    throw new RegistryError('UNSUPPORTED', { n, reason: 'n must be a non-negative integer' });
  }
  return { limit: Number(n), last: last ?? null };
}

/** The `Link` header (RFC 5988) for the page after `items`, or null when this page is the last. */
export function nextLink(
  path: string,
  page: Page,
  items: string[],
  hasMore: boolean,
): string | null {
  if (page.limit === null || !hasMore || items.length === 0) return null;
  const params = new URLSearchParams({ n: String(page.limit), last: items[items.length - 1]! });
  return `<${path}?${params}>; rel="next"`;
}
