/** Length caps on storage, repository and chart names, so that every chart is addressable over OCI. */
/**
 * A repository name `<storage>/<repository>/<chart>` is at most 255 characters (OCI Distribution
 * Spec v1.1, "Pulling manifests": "many clients impose a limit of 255 characters"; MAX_NAME_LENGTH
 * in oci/reference.ts), so each part gets its own share: 63 + 1 + 63 + 1 + 127 = 255. A chart
 * stored under a longer name could be listed in index.yaml and then never pulled with `oci://`.
 */
export const MAX_STORAGE_NAME_LENGTH = 63;
/** A repository name's share of the 255 characters (MAX_STORAGE_NAME_LENGTH says why). */
export const MAX_REPOSITORY_NAME_LENGTH = 63;
/** A chart name's share of the 255 characters (MAX_STORAGE_NAME_LENGTH says why). */
export const MAX_CHART_NAME_LENGTH = 127;
