/**
 * The OCI Distribution API route table (spec v1.1, "API" endpoint table end-1 … end-13) and the
 * token endpoint. Mounted at `/v2` and at its alias `/v2/repositories`; `<name>` is
 * `<storage>/<repository>/<chart…>` and may contain further `/`.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../app-env';
import { requireAccess, requireLogin } from './access';
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

export const ociRoutes = new Hono<AppEnv>()
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
