/** `/sign-in` and `/sign-out`: the form, starting a session from an access token, ending it. */
import type { Context } from 'hono';
import { authenticateSecret } from '../../auth/credentials';
import { renderPage } from '../render-page';
import { NEXT_PATH } from '../admin/page-access';
import { CsrfField } from '../admin/admin-frame';
import type { PageEnv } from './page-env';
import { clearedSessionCookie, sessionCookie } from './session-cookie';
import { endSession, startSession } from './sessions';

/** Longer than any access token secret or sensible ADMIN_TOKEN; a longer one cannot match. */
const MAX_SECRET_LENGTH = 512;

function nextPath(value: string | null | undefined): string {
  return value && NEXT_PATH.test(value) ? value : '/admin';
}

function SignInForm({ next, error }: { next: string; error?: string }) {
  return (
    <section aria-labelledby="sign-in-heading">
      <h1 id="sign-in-heading">Sign in</h1>
      <p class="lead">
        Sign in with an access token (its secret, <code>hrt_…</code>) or the registry’s admin token.
        The pages then act with exactly that token’s rights.
      </p>
      {error && (
        <p class="notice" role="alert">
          {error}
        </p>
      )}
      <form method="post" action="/sign-in">
        <input type="hidden" name="next" value={next} />
        <p>
          <label for="sign-in-token">Access token</label>
          <br />
          <input
            id="sign-in-token"
            type="password"
            name="token"
            required
            autocomplete="current-password"
            maxlength={MAX_SECRET_LENGTH}
            size={50}
          />
        </p>
        <button type="submit">Sign in</button>
      </form>
    </section>
  );
}

export function getSignIn(c: Context<PageEnv>) {
  return renderPage(
    c,
    { title: 'Sign in', noStore: true },
    <SignInForm next={nextPath(c.req.query('next'))} />,
  );
}

/** `POST /sign-in` (same origin, capped body: csrf.ts requireSameOriginForm ran). */
export async function postSignIn(c: Context<PageEnv>) {
  const form = c.var.form;
  const next = nextPath(form.get('next'));
  const secret = (form.get('token') ?? '').trim();
  const who =
    secret && secret.length <= MAX_SECRET_LENGTH
      ? await authenticateSecret(c.env, secret, c.executionCtx)
      : null;
  if (!who || who.principal.kind === 'invalid') {
    return renderPage(
      c,
      { title: 'Sign in', status: 401, noStore: true },
      <SignInForm
        next={next}
        error="That token is not valid: unknown, revoked or expired. Nothing was stored."
      />,
    );
  }
  const started = await startSession(c.env, who);
  c.header('Set-Cookie', sessionCookie(started.id, started.maxAgeSeconds));
  return c.redirect(next, 303);
}

/** `GET /sign-out`: a confirmation form (the header's link reaches it from any page). */
export function getSignOut(c: Context<PageEnv>) {
  return renderPage(
    c,
    { title: 'Sign out', noStore: true },
    <section aria-labelledby="sign-out-heading">
      <h1 id="sign-out-heading">Sign out</h1>
      {c.var.session ? (
        <form method="post" action="/sign-out">
          <CsrfField session={c.var.session} />
          <button type="submit">Sign out</button>
        </form>
      ) : (
        <p>
          You are not signed in. <a href="/sign-in">Sign in</a>
        </p>
      )}
    </section>,
  );
}

/** `POST /sign-out` (same origin, CSRF token: csrf.ts requireSessionForm ran): row and cookie go. */
export async function postSignOut(c: Context<PageEnv>) {
  await endSession(c.env, c.var.session!.idHash);
  c.header('Set-Cookie', clearedSessionCookie());
  return c.redirect('/sign-in', 303);
}
