/** The chart pages (server-rendered HTML): method, path, handler. Mounted at `/` by src/index.ts. */
import { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import { serveAsset } from './assets/serve-asset';
import { uiErrorHandler, uiNotFound } from './error-page';
import { pageHeaders } from './page-headers';
import { identifyPage } from './session/identify-page';

/**
 * The UI's prefixes. Middleware is registered per prefix, never as `*`: this app is mounted at
 * `/` beside `/v2`, `/repositories` and `/api`, whose requests must not pass through it.
 */
export const PAGE_PATHS = ['/', '/search', '/charts/*'] as const;

const ui = new Hono<AppEnv>().use('/assets/*', pageHeaders());
for (const path of PAGE_PATHS) ui.use(path, pageHeaders(), identifyPage());

export const uiRoutes = ui
  .get('/assets/:file', serveAsset)
  .all('/assets/*', uiNotFound)
  .all('/charts/*', uiNotFound)
  .onError(uiErrorHandler);
