/** What every administration page shares: the sign-out form in the header, the section nav, notices, CSRF fields. */
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Principal } from '../../auth/principal';
import { pageUser } from '../page-user';
import { renderPage } from '../render-page';
import { CSRF_FIELD } from '../session/csrf';
import type { PageEnv, PageSession } from '../session/page-env';
import { mayAdminister } from './page-access';

/** The hidden field every state-changing form carries (session/csrf.ts checks it). */
export function CsrfField({ session }: { session: PageSession | null }) {
  return <input type="hidden" name={CSRF_FIELD} value={session?.csrfToken ?? ''} />;
}

/** The header's account slot on these pages: who is signed in and a real sign-out form. */
function AccountWithSignOut({
  principal,
  session,
}: {
  principal: Principal;
  session: PageSession | null;
}) {
  const user = pageUser(principal);
  return (
    <div class="account">
      {user && (
        <span>
          Signed in as <strong>{user.name}</strong>
        </span>
      )}
      {session && (
        <form method="post" action="/sign-out">
          <CsrfField session={session} />
          <button type="submit" class="secondary">
            Sign out
          </button>
        </form>
      )}
    </div>
  );
}

function AdminNav({ principal }: { principal: Principal }) {
  return (
    <nav aria-label="Administration" class="tabs">
      <a href="/admin">Overview</a>
      {mayAdminister(principal) && <a href="/admin/repositories">Repositories</a>}
      {mayAdminister(principal) && <a href="/admin/tokens">Tokens</a>}
    </nav>
  );
}

/** Fixed messages a redirect-after-post names (`?notice=`): the query never puts text on a page. */
const NOTICES = new Map<string, string>([
  ['repository-created', 'The repository was created.'],
  ['repository-saved', 'The settings were saved.'],
  ['repository-deleted', 'The repository was deleted.'],
  ['version-deleted', 'The chart version was deleted from both protocols.'],
  ['version-missing', 'That chart version was already gone.'],
  ['token-revoked', 'The token was revoked. It no longer works anywhere.'],
]);

function Notice({ code }: { code: string | undefined }) {
  const text = code === undefined ? undefined : NOTICES.get(code);
  return text ? (
    <p class="notice" role="status">
      {text}
    </p>
  ) : null;
}

/** A form's error, from the same validation the API answers with. */
export function FormError({ message }: { message: string | undefined }) {
  return message ? (
    <p class="notice" role="alert">
      {message}
    </p>
  ) : null;
}

/**
 * Renders an administration page: never cached, the sign-out form in the header. Generic over
 * the env (pages with a loaded repository extend it): Hono's Context is invariant in its env, and
 * the layout reads only AppEnv's variables.
 */
export function adminPage<E extends PageEnv>(
  context: Context<E>,
  title: string,
  body: Child,
  status?: ContentfulStatusCode,
): Promise<Response> {
  const c = context as unknown as Context<PageEnv>;
  const principal = c.var.principal;
  return renderPage(
    c,
    {
      title,
      status,
      noStore: true,
      account: <AccountWithSignOut principal={principal} session={c.var.session} />,
    },
    <>
      <AdminNav principal={principal} />
      <Notice code={c.req.method === 'GET' ? c.req.query('notice') : undefined} />
      {body}
    </>,
  );
}

/** Bytes for people: 1.5 MiB. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}

/** A 303 to a page of this app after a POST (redirect-after-post), with a fixed notice. */
export function seeOther(c: Context, path: string, notice?: string): Response {
  return c.redirect(notice ? `${path}?notice=${notice}` : path, 303);
}
