/** The UI's error pages: a readable page with the status of errors/' table, never a stack. */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from '../app-env';
import { ERROR_CODES, RegistryError } from '../errors/registry-error';
import { renderPage } from './render-page';

/**
 * One text for every 404, so a private repository the caller may not read answers exactly like
 * a chart that does not exist (issue 15).
 */
const NOT_FOUND_TEXT = 'There is no such page, or you may not see it.';

/** Throw from a page for anything unknown or hidden (404, the one not-found page). */
export function notFound(): never {
  throw new RegistryError('NAME_UNKNOWN', NOT_FOUND_TEXT);
}

/** Throw from a page for input it cannot use (400, the message shown as text). */
export function badInput(message: string): never {
  throw new RegistryError('UNSUPPORTED', message);
}

const HEADINGS = new Map<number, string>([
  [400, 'Bad request'],
  [401, 'Sign-in required'],
  [403, 'Not allowed'],
  [404, 'Not found'],
  [405, 'Method not allowed'],
  [413, 'Too large'],
  [429, 'Too many requests'],
]);

export function errorPage(
  c: Context<AppEnv>,
  status: ContentfulStatusCode,
  message: string,
): Promise<Response> {
  const heading = HEADINGS.get(status) ?? (status >= 500 ? 'Something went wrong' : 'Error');
  return renderPage(
    c,
    { title: heading, status, noStore: true },
    <section aria-labelledby="error-heading">
      <h1 id="error-heading">{heading}</h1>
      <p class="lead">{message}</p>
      <p>
        <a href="/">Back to the repositories</a> or <a href="/search">browse all charts</a>.
      </p>
    </section>,
  );
}

/** Any path under the UI's prefixes that is no page. */
export function uiNotFound(c: Context<AppEnv>): Promise<Response> {
  return errorPage(c, 404, NOT_FOUND_TEXT);
}

/** The UI's onError: a table error with its status and message, anything else a plain 500 page. */
export function uiErrorHandler(err: Error, c: Context<AppEnv>): Promise<Response> {
  if (err instanceof RegistryError) {
    const status = ERROR_CODES[err.code].status;
    const message = status === 404 ? NOT_FOUND_TEXT : err.message;
    return errorPage(c, status, message);
  }
  if (err instanceof HTTPException && err.status < 500) {
    return errorPage(c, err.status as ContentfulStatusCode, err.message || 'The request failed.');
  }
  console.error('unhandled error', c.req.method, c.req.path, err);
  return errorPage(c, 500, 'The registry could not answer this page. Try again in a moment.');
}
