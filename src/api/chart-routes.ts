/** The chart JSON API, mounted at `/api` (beside the admin API): method, path, handler. */
import { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import { identify } from '../auth/identify';
import { rejectInvalid } from '../admin/guards';
import { apiErrorHandler } from '../errors/api-error';
import { getChart, getVersion } from './handlers/chart';
import { getSearch } from './handlers/search';
import {
  getChangelog,
  getCrd,
  getCrds,
  getReadme,
  getSchema,
  getTemplate,
  getTemplates,
  getValues,
  getValuesDiff,
} from './handlers/version-files';

const CHART = '/charts/:storage/:repository/:chart';
const VERSION = `${CHART}/:version`;

// Only this API's paths: `*` would also run these for the admin API mounted at the same `/api`.
export const chartApiRoutes = new Hono<AppEnv>()
  .use('/search', identify(), rejectInvalid())
  .use('/charts/*', identify(), rejectInvalid())
  .get('/search', getSearch)
  .get(CHART, getChart)
  .get(VERSION, getVersion)
  .get(`${VERSION}/readme`, getReadme)
  .get(`${VERSION}/values`, getValues)
  .get(`${VERSION}/schema`, getSchema)
  .get(`${VERSION}/templates`, getTemplates)
  .get(`${VERSION}/templates/:path{.+}`, getTemplate)
  .get(`${VERSION}/crds`, getCrds)
  .get(`${VERSION}/crds/:path{.+}`, getCrd)
  .get(`${VERSION}/changelog`, getChangelog)
  .get(`${VERSION}/values-diff/:other`, getValuesDiff)
  .onError(apiErrorHandler);
