/** JSON errors of the Helm HTTP repository, ChartMuseum and admin APIs: `{"error": "..."}` (ChartMuseum's shape). */
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export class ApiError extends HTTPException {
  constructor(status: ContentfulStatusCode, message: string, headers: Record<string, string> = {}) {
    const res = new Response(JSON.stringify({ error: message }), {
      status,
      headers: { 'Content-Type': 'application/json', ...headers },
    });
    super(status, { res, message });
  }
}
