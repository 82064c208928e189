/** Renders a page in the layout: doctype, hashed assets, the caller's header state, cache headers. */
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from '../app-env';
import { ANONYMOUS } from '../auth/principal';
import { assetPaths } from './assets/assets';
import { Layout } from './layout';
import { pageCacheHeaders, PRIVATE_PAGE_CACHE_CONTROL } from './page-headers';
import { pageUser } from './page-user';

export interface PageOptions {
  title: string;
  status?: ContentfulStatusCode;
  /** The search box's text. */
  query?: string;
  /** Replaces the layout's account slot. */
  account?: Child;
  /** Never cache this answer, even for anonymous callers (error pages, forms). */
  noStore?: boolean;
  /** The visibility of the repository the page is about; lists of what anyone may read: public. */
  visibility?: 'public' | 'private';
}

/** The page `body` in the layout as an HTML response. */
export async function renderPage(
  c: Context<AppEnv>,
  options: PageOptions,
  body: Child,
): Promise<Response> {
  const principal = c.get('principal') ?? ANONYMOUS;
  const html = await (
    <Layout
      title={options.title}
      assets={await assetPaths()}
      user={pageUser(principal)}
      query={options.query}
      account={options.account}
    >
      {body}
    </Layout>
  ).toString();
  const headers = pageCacheHeaders(principal, options.visibility ?? 'public');
  if (options.noStore) headers['Cache-Control'] = PRIVATE_PAGE_CACHE_CONTROL;
  return c.html(`<!DOCTYPE html>${html}`, options.status ?? 200, headers);
}
