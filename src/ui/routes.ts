/** The chart pages (server-rendered HTML): method, path, handler. Mounted at `/` by src/index.ts. */
import { Hono, type MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env';
import { serveAsset } from './assets/serve-asset';
import { uiErrorHandler, uiNotFound } from './error-page';
import { pageHeaders } from './page-headers';
import { chartChangelogPage } from './pages/chart-changelog';
import { chartComparePage } from './pages/chart-compare';
import { chartFileListPage, chartFilePage } from './pages/chart-files';
import { chartOverviewPage } from './pages/chart-overview';
import { chartSchemaPage } from './pages/chart-schema';
import { chartValuesPage } from './pages/chart-values';
import { chartVersionsPage } from './pages/chart-versions';
import { homePage } from './pages/home';
import { repositoryPage } from './pages/repository';
import { searchPage } from './pages/search';
import { identifyPage } from './session/identify-page';
import { wantsHtml } from './wants-html';

/**
 * The pages' prefixes. Middleware is registered per prefix, never as `*`: this app is mounted at
 * `/` beside `/v2`, `/repositories` and `/api`, whose requests must not pass through it.
 */
export const PAGE_PATHS = ['/', '/search', '/charts/*'] as const;

const CHART = '/charts/:storage/:repository/:chart';
const VERSION = `${CHART}/:version`;

const ui = new Hono<AppEnv>().use('/assets/*', pageHeaders());
for (const path of PAGE_PATHS) ui.use(path, pageHeaders(), identifyPage());

export const uiRoutes = ui
  .get('/', homePage)
  .get('/search', searchPage)
  .get(CHART, chartOverviewPage(false))
  .get(VERSION, chartOverviewPage(true))
  .get(`${VERSION}/values`, chartValuesPage)
  .get(`${VERSION}/schema`, chartSchemaPage)
  .get(`${VERSION}/templates`, chartFileListPage('templates'))
  .get(`${VERSION}/templates/:path{.+}`, chartFilePage('templates'))
  .get(`${VERSION}/crds`, chartFileListPage('crds'))
  .get(`${VERSION}/crds/:path{.+}`, chartFilePage('crds'))
  .get(`${VERSION}/changelog`, chartChangelogPage)
  .get(`${VERSION}/compare`, chartComparePage)
  .get(`${VERSION}/versions`, chartVersionsPage)
  .get('/assets/:file', serveAsset)
  .all('/assets/*', uiNotFound)
  .all('/charts/*', uiNotFound)
  .onError(uiErrorHandler);

/** `GET /repositories/<storage>/<repository>` as a page, with the UI's headers and error pages. */
const repositoryPages = new Hono<AppEnv>()
  .use('/repositories/:storage/:repository', pageHeaders(), identifyPage())
  .get('/repositories/:storage/:repository', repositoryPage)
  .onError(uiErrorHandler);

/**
 * For src/helm/routes.ts: a browser's GET of the bare repository URL gets its page; anything else
 * (what Helm, curl and ChartMuseum clients send) goes on to the Helm routes unchanged.
 */
export const repositoryPageForBrowsers: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!wantsHtml(c.req.header('accept'))) return next();
  return repositoryPages.fetch(c.req.raw, c.env, c.executionCtx);
};
