/** The `/v2` wire format of errors (`{"errors":[{code,message,detail}]}`) and ociRoutes' onError. */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ERROR_CODES, RegistryError } from './registry-error';

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
