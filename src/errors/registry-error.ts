/** The registry's error codes, one table, and RegistryError, the domain error that carries one. */
import type { ContentfulStatusCode } from 'hono/utils/http-status';

type Entry = { oci: string; status: ContentfulStatusCode; message: string };

/**
 * One table, as distribution's registry/api/errcode/register.go. Each entry: the OCI code `/v2`
 * clients see (OCI Distribution Spec v1.1, "Error Codes"), the HTTP status every surface answers
 * with, and the default message.
 */
export const ERROR_CODES = {
  BLOB_UNKNOWN: { oci: 'BLOB_UNKNOWN', status: 404, message: 'blob unknown to registry' },
  BLOB_UPLOAD_INVALID: { oci: 'BLOB_UPLOAD_INVALID', status: 400, message: 'blob upload invalid' },
  BLOB_UPLOAD_UNKNOWN: {
    oci: 'BLOB_UPLOAD_UNKNOWN',
    status: 404,
    message: 'blob upload unknown to registry',
  },
  DIGEST_INVALID: {
    oci: 'DIGEST_INVALID',
    status: 400,
    message: 'provided digest did not match uploaded content',
  },
  MANIFEST_BLOB_UNKNOWN: {
    oci: 'MANIFEST_BLOB_UNKNOWN',
    status: 404,
    message: 'manifest references a manifest or blob unknown to registry',
  },
  MANIFEST_INVALID: { oci: 'MANIFEST_INVALID', status: 400, message: 'manifest invalid' },
  MANIFEST_UNKNOWN: {
    oci: 'MANIFEST_UNKNOWN',
    status: 404,
    message: 'manifest unknown to registry',
  },
  NAME_INVALID: { oci: 'NAME_INVALID', status: 400, message: 'invalid repository name' },
  NAME_UNKNOWN: {
    oci: 'NAME_UNKNOWN',
    status: 404,
    message: 'repository name not known to registry',
  },
  SIZE_INVALID: {
    oci: 'SIZE_INVALID',
    status: 400,
    message: 'provided length did not match content length',
  },
  UNAUTHORIZED: { oci: 'UNAUTHORIZED', status: 401, message: 'authentication required' },
  DENIED: { oci: 'DENIED', status: 403, message: 'requested access to the resource is denied' },
  UNSUPPORTED: { oci: 'UNSUPPORTED', status: 400, message: 'the operation is unsupported' },
  TOOMANYREQUESTS: { oci: 'TOOMANYREQUESTS', status: 429, message: 'too many requests' },
  // Not spec codes' default statuses: entries of their own, so no call site overrides a status.
  /** A body over its limit (manifests, blobs in one request). */
  TOO_LARGE: { oci: 'SIZE_INVALID', status: 413, message: 'the body exceeds the size limit' },
  /** A chunk that does not continue the upload (spec, "Pushing a blob in chunks": 416). */
  UPLOAD_RANGE_INVALID: {
    oci: 'BLOB_UPLOAD_INVALID',
    status: 416,
    message: 'the chunk does not continue the upload',
  },
  /** A `Range` outside the blob (RFC 9110 §15.5.17). */
  RANGE_NOT_SATISFIABLE: { oci: 'BLOB_UNKNOWN', status: 416, message: 'range not satisfiable' },
  /** A chart archive, Chart.yaml or provenance file that is unusable (helm/chart-error.ts). */
  CHART_INVALID: { oci: 'MANIFEST_INVALID', status: 400, message: 'the chart is invalid' },
  /** A chart version that exists with other content where versions are immutable. */
  VERSION_EXISTS: { oci: 'DENIED', status: 409, message: 'the version already exists' },
  /** A push of the tag the registry serves itself (`artifacthub.io` of a repository with a listing). */
  TAG_RESERVED: { oci: 'DENIED', status: 409, message: 'the tag is served by the registry' },
  /** A `/v2` path that is no endpoint. */
  ENDPOINT_UNKNOWN: { oci: 'UNSUPPORTED', status: 404, message: 'the operation is unsupported' },
  /** A method the endpoint does not take. */
  METHOD_UNSUPPORTED: { oci: 'UNSUPPORTED', status: 405, message: 'the operation is unsupported' },
  /**
   * A chart, chart version or repository the chart API does not show: unknown, or private and
   * not the caller's (issue 15: answered exactly alike, so the message names none of them).
   */
  CHART_UNKNOWN: { oci: 'NAME_UNKNOWN', status: 404, message: 'chart not found' },
  /** A file a chart version (that the caller may read) does not have, or has not had extracted yet. */
  FILE_UNKNOWN: { oci: 'NAME_UNKNOWN', status: 404, message: 'no such file in this chart version' },
  /** A query parameter of the chart API out of its bounds (the detail says which). */
  PARAMETER_INVALID: { oci: 'UNSUPPORTED', status: 400, message: 'invalid parameter' },
  /** Anything unexpected; distribution answers a 500 with this code too. */
  UNKNOWN: { oci: 'UNKNOWN', status: 500, message: 'internal server error' },
} as const satisfies Record<string, Entry>;

export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * A domain error: a code of the table, a detail (a string is the human message; anything else
 * is structured detail for the OCI body) and wire facts the code implies (Content-Range of a
 * 416, Location of the upload it concerns). Domain code throws it; each sub-app's onError renders
 * it in its own wire format.
 */
export class RegistryError extends Error {
  override readonly name: string = 'RegistryError';

  constructor(
    readonly code: ErrorCode,
    readonly detail?: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof detail === 'string' ? detail : ERROR_CODES[code].message);
  }

  get status(): ContentfulStatusCode {
    return ERROR_CODES[this.code].status;
  }
}
