/** The OCI Distribution API route table at `/v2` (and `/v2/repositories`): method, path, access, handler. */
import { Hono, type MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env';
import { identify } from '../auth/identify';
import { ociErrorHandler } from '../errors/oci-error';
import { requireAccess, requireLogin } from './access';
import { ociNotFound } from './fallbacks';
import { deleteBlob, getBlob } from './handlers/blobs';
import { catalog, ping, referrers, tagsList } from './handlers/listings';
import { deleteManifestHandler, getManifest, putManifestHandler } from './handlers/manifests';
import { issueToken } from './handlers/token';
import {
  cancelUpload,
  finishUpload,
  patchUpload,
  startUpload,
  uploadStatus,
} from './handlers/uploads';

const NAME = '/:storage/:repository/:name{.+}';
const read = requireAccess('read');
const write = requireAccess('write');
const remove = requireAccess('delete');
const login = requireLogin();

/** Distribution's API version header on every `/v2` answer (clients probe `/v2/` for it). */
const distributionHeader: MiddlewareHandler<AppEnv> = async function distributionHeader(c, next) {
  await next();
  c.res.headers.set('Docker-Distribution-API-Version', 'registry/2.0');
};

const api = new Hono<AppEnv>()
  .get('/', login, ping)
  .get('/token', issueToken)
  .post('/token', issueToken)
  .get('/_catalog', login, catalog)
  .get(`${NAME}/tags/list`, read, tagsList)
  .get(`${NAME}/referrers/:digest`, read, referrers)
  .get(`${NAME}/manifests/:reference`, read, getManifest)
  .put(`${NAME}/manifests/:reference`, write, putManifestHandler)
  .delete(`${NAME}/manifests/:reference`, remove, deleteManifestHandler)
  .get(`${NAME}/blobs/:digest`, read, getBlob)
  .delete(`${NAME}/blobs/:digest`, remove, deleteBlob)
  .post(`${NAME}/blobs/uploads`, write, startUpload)
  .get(`${NAME}/blobs/uploads/:session`, write, uploadStatus)
  .patch(`${NAME}/blobs/uploads/:session`, write, patchUpload)
  .put(`${NAME}/blobs/uploads/:session`, write, finishUpload)
  .delete(`${NAME}/blobs/uploads/:session`, write, cancelUpload);

/**
 * The OCI Distribution API (spec v1.1, "API" endpoint table end-1 … end-13) and the token
 * endpoint, mounted at `/v2` and at its alias `/v2/repositories`; `<name>` is
 * `<storage>/<repository>/<chart…>` and may contain further `/`.
 *
 * The alias first: `/v2/repositories/a/b/c/…` is the alias's name `a/b/c`, not storage
 * `repositories`. The catch-all is last and takes any path under `/v2/` that no route took
 * (`[\s\S]`: a path with a decoded line break too); `/v2` itself has its route.
 */
export const ociRoutes = new Hono<AppEnv>()
  .use('*', identify(), distributionHeader)
  .route('/repositories', api)
  .route('/', api)
  .all('/:path{[\\s\\S]+}', ociNotFound)
  .onError(ociErrorHandler);
