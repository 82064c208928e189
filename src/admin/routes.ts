/** The admin API, mounted at `/api`: method, path, required access, handler. */
import { Hono } from 'hono';
import { identify } from '../auth/identify';
import { apiErrorHandler } from '../errors/api-error';
import { rejectInvalid, requireAdmin, withRepositoryId, type AdminEnv } from './guards';
import { removeChartVersions, getChartVersions } from './handlers/chart-versions';
import {
  createRepository,
  getRepositories,
  getRepository,
  patchRepository,
  removeRepository,
} from './handlers/repositories';
import { createStorage, getStorages, removeStorage } from './handlers/storages';
import { createToken, deleteToken, getToken, getTokens } from './handlers/tokens';

const admin = requireAdmin();
const read = withRepositoryId('read');
const remove = withRepositoryId('delete');

export const adminRoutes = new Hono<AdminEnv>()
  .use('*', identify())
  .get('/storages', admin, getStorages)
  .post('/storages', admin, createStorage)
  .delete('/storages/:name', admin, removeStorage)
  .get('/repositories', rejectInvalid(), getRepositories)
  .post('/repositories', admin, createRepository)
  .get('/repositories/:id', read, getRepository)
  .patch('/repositories/:id', admin, read, patchRepository)
  .delete('/repositories/:id', admin, read, removeRepository)
  .get('/repositories/:id/versions', read, getChartVersions)
  .delete('/repositories/:id/versions', remove, removeChartVersions)
  // The earlier URLs (Nitro Repo's), kept as aliases: the same guards and handlers.
  .get('/repository/:id', read, getRepository)
  .patch('/repository/:id', admin, read, patchRepository)
  .delete('/repository/:id', admin, read, removeRepository)
  .get('/repository/:id/packages', read, getChartVersions)
  .delete('/repository/:id/packages', remove, removeChartVersions)
  .get('/tokens', admin, getTokens)
  .post('/tokens', admin, createToken)
  .get('/tokens/:id', admin, getToken)
  .delete('/tokens/:id', admin, deleteToken)
  .onError(apiErrorHandler);
