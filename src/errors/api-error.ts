/** The `{"error": "..."}` wire format (ChartMuseum's) of the Helm and admin APIs, and their onError. */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { RegistryError } from './registry-error';

export function apiErrorResponse(
  status: ContentfulStatusCode,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify({ error: message }), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

/**
 * helmRoutes' and adminRoutes' onError: a domain error as its table status and message,
 * anything unexpected a logged 500.
 */
export function apiErrorHandler(err: Error, c: Context): Response {
  if (err instanceof RegistryError) return apiErrorResponse(err.status, err.message, err.headers);
  if (err instanceof HTTPException) return err.getResponse();
  console.error('unhandled error', c.req.method, c.req.path, err);
  return apiErrorResponse(500, 'internal server error');
}

/** An error a JSON surface's handler or guard answers with directly (status, message, headers). */
export class ApiError extends HTTPException {
  constructor(status: ContentfulStatusCode, message: string, headers: Record<string, string> = {}) {
    super(status, { res: apiErrorResponse(status, message, headers), message });
  }
}
