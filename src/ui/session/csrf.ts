/**
 * Cross-site request checks of every state-changing form: same origin (Origin, else
 * Sec-Fetch-Site) and the session's CSRF token, on a capped urlencoded body read once. OWASP
 * CSRF Prevention Cheat Sheet: "Verifying Origin with standard headers" plus a synchronizer
 * token; SameSite=Strict on the cookie is defence in depth only.
 */
import { createMiddleware } from 'hono/factory';
import { RegistryError } from '../../errors/registry-error';
import { BodyTooLarge, readCapped } from '../../http/read-capped';
import type { PageEnv } from './page-env';

/** The form field that carries the token. */
export const CSRF_FIELD = '_csrf';

/** Admin forms are a few fields; a token list or scope rows stay far below this. */
export const FORM_BODY_LIMIT = 16 * 1024;

/**
 * Whether a request comes from a page of this origin. Browsers send `Origin` with every POST
 * (Fetch standard, "append a request Origin header"); `Sec-Fetch-Site` (Fetch Metadata) is the
 * fallback where a privacy setting strips it. A request with neither is refused.
 */
export function isSameOrigin(request: Request): boolean {
  const origin = request.headers.get('origin');
  if (origin !== null) return origin === new URL(request.url).origin;
  return request.headers.get('sec-fetch-site') === 'same-origin';
}

const encoder = new TextEncoder();

function tokensEqual(sent: string, expected: string): boolean {
  const a = encoder.encode(sent);
  const b = encoder.encode(expected);
  return a.length === b.length && crypto.subtle.timingSafeEqual(a, b);
}

async function readForm(request: Request): Promise<URLSearchParams> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    throw new RegistryError('UNSUPPORTED', 'this page takes its own form (urlencoded) only');
  }
  try {
    return new URLSearchParams(
      new TextDecoder().decode(await readCapped(request, FORM_BODY_LIMIT)),
    );
  } catch (err) {
    if (err instanceof BodyTooLarge) {
      throw new RegistryError('TOO_LARGE', `a form may send at most ${FORM_BODY_LIMIT} bytes`);
    }
    throw err;
  }
}

function refuseCrossSite(request: Request): void {
  if (!isSameOrigin(request)) {
    throw new RegistryError(
      'DENIED',
      'This form was sent from another site (or without an Origin), so nothing was changed.',
    );
  }
}

/** A form that needs no session (sign-in): same origin (login CSRF), capped body. */
export function requireSameOriginForm() {
  return createMiddleware<PageEnv>(async function requireSameOriginForm(c, next) {
    refuseCrossSite(c.req.raw);
    c.set('form', await readForm(c.req.raw));
    await next();
  });
}

/** A form of a signed-in session: same origin, capped body, and the session's CSRF token. */
export function requireSessionForm() {
  return createMiddleware<PageEnv>(async function requireSessionForm(c, next) {
    refuseCrossSite(c.req.raw);
    const session = c.var.session;
    if (!session) {
      throw new RegistryError(
        'DENIED',
        'Your session has ended (or you never signed in), so nothing was changed. Sign in again.',
      );
    }
    const form = await readForm(c.req.raw);
    if (!tokensEqual(form.get(CSRF_FIELD) ?? '', session.csrfToken)) {
      throw new RegistryError(
        'DENIED',
        'This form did not carry this session’s security token (reload the page and try again), so nothing was changed.',
      );
    }
    c.set('form', form);
    await next();
  });
}
