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

export const adminRoutes = new Hono<AdminEnv>()
  .use('*', identify())
  .get('/storages', admin, getStorages)
  .post('/storages', admin, createStorage)
  .delete('/storages/:name', admin, removeStorage)
  .get('/repositories', rejectInvalid(), getRepositories)
  .post('/repositories', admin, createRepository)
  .get('/repository/:id', withRepositoryId('read'), getRepository)
  .patch('/repository/:id', admin, withRepositoryId('read'), patchRepository)
  .delete('/repository/:id', admin, withRepositoryId('read'), removeRepository)
  .get('/repository/:id/packages', withRepositoryId('read'), getChartVersions)
  .delete('/repository/:id/packages', withRepositoryId('delete'), removeChartVersions)
  .get('/tokens', admin, getTokens)
  .post('/tokens', admin, createToken)
  .get('/tokens/:id', admin, getToken)
  .delete('/tokens/:id', admin, deleteToken)
  .onError(apiErrorHandler);
