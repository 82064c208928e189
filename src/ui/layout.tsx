/** The frame of every page: head with the hashed assets, header (name, search, nav, account), footer. */
import type { Child } from 'hono/jsx';
import { MAX_QUERY_LENGTH } from '../catalog/catalog';
import { AccountSlot } from './account-slot';
import type { AssetPaths } from './assets/assets';
import type { PageUser } from './page-user';

/** The registry's name in the header and in every title. */
export const REGISTRY_NAME = 'Helm chart registry';

export interface LayoutProps {
  /** The page's own title ("" on the home page). */
  title: string;
  assets: AssetPaths;
  user: PageUser | null;
  /** The search box's current text. */
  query?: string;
  /** Replaces the default account slot (AccountSlot) when given. */
  account?: Child;
  children?: Child;
}

export function Layout(props: LayoutProps) {
  const title = props.title ? `${props.title} · ${REGISTRY_NAME}` : REGISTRY_NAME;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="same-origin" />
        <title>{title}</title>
        <link rel="icon" href={props.assets.icon} type="image/svg+xml" />
        <link rel="stylesheet" href={props.assets.css} />
        <script src={props.assets.js} defer></script>
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header class="site-header">
          <div class="bar">
            <a class="brand" href="/">
              {REGISTRY_NAME}
            </a>
            <form class="search-form" role="search" method="get" action="/search">
              <label class="visually-hidden" for="site-search">
                Search charts
              </label>
              <input
                id="site-search"
                type="search"
                name="q"
                value={props.query ?? ''}
                placeholder="Search charts"
                maxlength={MAX_QUERY_LENGTH}
              />
              <button type="submit">Search</button>
            </form>
            <nav class="site-nav" aria-label="Site">
              <a href="/">Repositories</a>
              <a href="/search">All charts</a>
            </nav>
            {props.account ?? <AccountSlot user={props.user} />}
          </div>
        </header>
        <main id="main">{props.children}</main>
        <footer class="site-footer">
          Served from the edge. Charts over OCI and the classic Helm repository protocol.
        </footer>
      </body>
    </html>
  );
}
