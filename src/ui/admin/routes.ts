/** The administration pages, mounted at `/admin`: method, path, checks, handler. */
import { Hono } from 'hono';
import type { AppEnv } from '../../app-env';
import { uiErrorHandler, uiNotFound } from '../error-page';
import { pageHeaders } from '../page-headers';
import { requireSessionForm } from '../session/csrf';
import { identifyPage } from '../session/identify-page';
import { getOverview } from './overview-page';
import { requireAdminPage, requireSignedIn, withRepositoryPage } from './page-access';
import { getRepositoriesPage, postRepository } from './repositories-page';
import {
  getDeleteRepository,
  getRepositoryPage,
  postDeleteRepository,
  postRepositorySettings,
} from './repository-page';
import { getTokensPage, postRevokeToken, postToken } from './tokens-page';
import { getVersionsPage, postDeleteVersion } from './versions-page';

const signedIn = requireSignedIn();
const admin = requireAdminPage();
/** Every POST: same origin and the session's CSRF token, before anything is read or changed. */
const form = requireSessionForm();
const read = withRepositoryPage('read');
const remove = withRepositoryPage('delete');

export const adminPages = new Hono<AppEnv>()
  .use('*', pageHeaders(), identifyPage())
  .get('/', signedIn, getOverview)
  .get('/repositories', signedIn, admin, getRepositoriesPage)
  .post('/repositories', form, signedIn, admin, postRepository)
  .get('/repositories/:id', signedIn, admin, read, getRepositoryPage)
  .post('/repositories/:id', form, signedIn, admin, read, postRepositorySettings)
  .get('/repositories/:id/delete', signedIn, admin, read, getDeleteRepository)
  .post('/repositories/:id/delete', form, signedIn, admin, read, postDeleteRepository)
  .get('/repositories/:id/versions', signedIn, read, getVersionsPage)
  .post('/repositories/:id/versions/delete', form, signedIn, remove, postDeleteVersion)
  .get('/tokens', signedIn, admin, getTokensPage)
  .post('/tokens', form, signedIn, admin, postToken)
  .post('/tokens/:id/revoke', form, signedIn, admin, postRevokeToken)
  .all('*', uiNotFound)
  .onError(uiErrorHandler);
