/** Manifests, their references and tags in D1: one module per concern, re-exported here. */
export {
  findManifest,
  findManifestByDigest,
  findManifestByTag,
  findManifestInPackage,
  REFERENCED_BLOBS_MAX,
  type ManifestLookup,
  type ManifestRecord,
} from './manifest-lookup';
export { listCatalog, listReferrers, listTags, type ReferrerRecord } from './manifest-listings';
export {
  deleteManifest,
  deleteTag,
  isReferenceCheckError,
  putManifest,
  type PutManifestInput,
} from './manifest-writes';
export { findPushContext, type PushContext } from './push-context';
