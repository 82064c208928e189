/**
 * The Helm HTTP chart repository and the ChartMuseum API, mounted at `/repositories`
 * (DESIGN.md URL map, Nitro Repo's Helm routes): method, path, required access, handler.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../app-env';
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
import { requireHelmAccess, withRepository } from './repository-guard';

const REPO = '/:storage/:repository';
const read = requireHelmAccess('read');
const write = requireHelmAccess('write');
const remove = requireHelmAccess('delete');
const repo = withRepository();

export const helmRoutes = new Hono<AppEnv>()
  .get(`${REPO}/index.yaml`, read, repo, getIndexYaml)
  .get(`${REPO}/index.json`, read, repo, getIndexJson)
  .get(`${REPO}/charts/:chart/:file`, read, repo, downloadChartFile)
  .put(`${REPO}/:file`, write, repo, putChartFile)
  .get(`${REPO}/api/charts`, read, repo, listCharts)
  .get(`${REPO}/api/charts/:name`, read, repo, listChartVersions)
  .get(`${REPO}/api/charts/:name/:version`, read, repo, describeChartVersion)
  .post(`${REPO}/api/charts`, write, repo, uploadChart)
  .post(`${REPO}/api/prov`, write, repo, uploadProv)
  .delete(`${REPO}/api/charts/:name/:version`, remove, repo, removeChartVersion);
