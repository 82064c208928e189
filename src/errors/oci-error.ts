/**
 * OCI error codes and the one throwable that renders them.
 * Codes and statuses: OCI Distribution Spec v1.1, "Error Codes"
 * (https://github.com/opencontainers/distribution-spec/blob/v1.1.0/spec.md#error-codes).
 */
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export const OCI_ERROR_CODES = {
  BLOB_UNKNOWN: { status: 404, message: 'blob unknown to registry' },
  BLOB_UPLOAD_INVALID: { status: 400, message: 'blob upload invalid' },
  BLOB_UPLOAD_UNKNOWN: { status: 404, message: 'blob upload unknown to registry' },
  DIGEST_INVALID: { status: 400, message: 'provided digest did not match uploaded content' },
  MANIFEST_BLOB_UNKNOWN: {
    status: 404,
    message: 'manifest references a manifest or blob unknown to registry',
  },
  MANIFEST_INVALID: { status: 400, message: 'manifest invalid' },
  MANIFEST_UNKNOWN: { status: 404, message: 'manifest unknown to registry' },
  NAME_INVALID: { status: 400, message: 'invalid repository name' },
  NAME_UNKNOWN: { status: 404, message: 'repository name not known to registry' },
  SIZE_INVALID: { status: 400, message: 'provided length did not match content length' },
  UNAUTHORIZED: { status: 401, message: 'authentication required' },
  DENIED: { status: 403, message: 'requested access to the resource is denied' },
  UNSUPPORTED: { status: 400, message: 'the operation is unsupported' },
  TOOMANYREQUESTS: { status: 429, message: 'too many requests' },
} as const satisfies Record<string, { status: ContentfulStatusCode; message: string }>;

export type OciErrorCode = keyof typeof OCI_ERROR_CODES;

export interface OciErrorOptions {
  /** Overrides the code's default status (e.g. 416 for BLOB_UPLOAD_INVALID on a bad range). */
  status?: ContentfulStatusCode;
  headers?: Record<string, string>;
}

/** Throw from anywhere under `/v2`; renders `{"errors":[{"code","message","detail"}]}`. */
export class OciError extends HTTPException {
  readonly code: OciErrorCode;
  readonly detail: unknown;

  constructor(code: OciErrorCode, detail?: unknown, options: OciErrorOptions = {}) {
    const entry = OCI_ERROR_CODES[code];
    const status = options.status ?? entry.status;
    const body = JSON.stringify({
      errors: [{ code, message: entry.message, detail: detail ?? null }],
    });
    const res = new Response(body, {
      status,
      headers: { 'Content-Type': 'application/json', ...options.headers },
    });
    super(status, { res, message: typeof detail === 'string' ? detail : entry.message });
    this.code = code;
    this.detail = detail;
  }
}
