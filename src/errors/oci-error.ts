/** The `/v2` wire format of errors (`{"errors":[{code,message,detail}]}`) and ociRoutes' onError. */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ERROR_CODES, RegistryError, type ErrorCode } from './registry-error';

/**
 * The OCI error body (OCI Distribution Spec v1.1, "Error Codes"): the entry's OCI code and
 * message; a detail string or object as `detail`.
 */
export function ociErrorResponse(err: RegistryError): Response {
  const { oci, status, message } = ERROR_CODES[err.code];
  const body = JSON.stringify({ errors: [{ code: oci, message, detail: err.detail ?? null }] });
  return new Response(body, {
    status,
    headers: { 'Content-Type': 'application/json', ...err.headers },
  });
}

/**
 * ociRoutes' onError: domain errors in the OCI shape, anything unexpected a logged 500 with code
 * UNKNOWN (not a spec code; distribution answers a 500 the same way) and no internals.
 */
export function ociErrorHandler(err: Error, c: Context): Response {
  if (err instanceof HTTPException) return err.getResponse();
  if (err instanceof RegistryError) return ociErrorResponse(err);
  console.error('unhandled error', c.req.method, c.req.path, err);
  return ociErrorResponse(new RegistryError('UNKNOWN'));
}

/** The OCI spec codes (the `oci` of ERROR_CODES' entries whose key is that code). */
export type OciErrorCode = {
  [K in ErrorCode]: (typeof ERROR_CODES)[K]['oci'] extends K ? K : never;
}[ErrorCode];

export interface OciErrorOptions {
  /** Picks the table entry with this OCI code and status (e.g. 413 SIZE_INVALID: TOO_LARGE). */
  status?: ContentfulStatusCode;
  headers?: Record<string, string>;
}

/** The entry for an OCI code answered with `status`: the code itself, or its entry of that status. */
function entryFor(code: OciErrorCode, status: ContentfulStatusCode | undefined): ErrorCode {
  if (status === undefined || ERROR_CODES[code].status === status) return code;
  const keys = Object.keys(ERROR_CODES) as ErrorCode[];
  const key = keys.find((k) => ERROR_CODES[k].oci === code && ERROR_CODES[k].status === status);
  if (!key) throw new TypeError(`ERROR_CODES has no ${code} entry with status ${status}`);
  return key;
}

/**
 * Transitional: the throwable of `/v2` handlers not yet converted to RegistryError; renders
 * through the same table. New code throws RegistryError.
 */
export class OciError extends HTTPException {
  readonly code: OciErrorCode;
  readonly detail: unknown;
  /** The same error as a domain error, for surfaces that render it in their own shape. */
  readonly error: RegistryError;

  constructor(code: OciErrorCode, detail?: unknown, options: OciErrorOptions = {}) {
    const error = new RegistryError(entryFor(code, options.status), detail, options.headers);
    super(error.status, { res: ociErrorResponse(error), message: error.message });
    this.code = code;
    this.detail = detail;
    this.error = error;
  }
}
