/** The Helm HTTP chart repository and ChartMuseum API at `/repositories`: method, path, access, handler. */
import { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import { identify } from '../auth/identify';
import { apiErrorHandler } from '../errors/api-error';
import { downloadChartFile, putChartFile } from './handlers/chart-files';
import {
  describeChartVersion,
  listCharts,
  listChartVersions,
  removeChartVersion,
  uploadChart,
  uploadProv,
} from './handlers/chartmuseum';
import { getIndexJson, getIndexYaml } from './handlers/index-file';
import { repositoryPageForBrowsers } from '../ui/routes';
import { getArtifactHubRepoFile } from './handlers/artifacthub-file';
import { withRepository } from './repository-guard';

const REPO = '/:storage/:repository';
const read = withRepository('read');
const write = withRepository('write');
const remove = withRepository('delete');

/** Paths as Nitro Repo's Helm routes: `index.yaml`, `charts/…` files, then ChartMuseum's `api/…`. */
export const helmRoutes = new Hono<AppEnv>()
  .use('*', identify())
  .get(REPO, repositoryPageForBrowsers)
  .get(`${REPO}/index.yaml`, read, getIndexYaml)
  .get(`${REPO}/index.json`, read, getIndexJson)
  .get(`${REPO}/artifacthub-repo.yml`, read, getArtifactHubRepoFile)
  .get(`${REPO}/charts/:chart/:file`, read, downloadChartFile)
  .put(`${REPO}/:file`, write, putChartFile)
  .get(`${REPO}/api/charts`, read, listCharts)
  .get(`${REPO}/api/charts/:name`, read, listChartVersions)
  .get(`${REPO}/api/charts/:name/:version`, read, describeChartVersion)
  .post(`${REPO}/api/charts`, write, uploadChart)
  .post(`${REPO}/api/prov`, write, uploadProv)
  .delete(`${REPO}/api/charts/:name/:version`, remove, removeChartVersion)
  .onError(apiErrorHandler);
