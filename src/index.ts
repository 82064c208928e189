/** Worker entry: wires the sub-apps and exports the Worker and its Durable Object classes. */
import { Hono } from 'hono';
import type { AppEnv } from './app-env';
import { adminRoutes } from './admin/routes';
import { chartApiRoutes } from './api/chart-routes';
import { apiErrorHandler } from './errors/api-error';
import { countingEnv } from './debug/storage-call-counter';
import { LiteralPatternRouter } from './http/literal-router';
import { collectGarbage } from './gc/collect-garbage';
import { helmRoutes } from './helm/routes';
import { backfillChartContents } from './helm/backfill-contents';
import { ociRoutes } from './oci/routes';
import { uiRoutes } from './ui/routes';
import { forgetRecentReads, forgetsRecentReads } from './recent/recent-reads';

// strict: false lets `/v2` and `/v2/`, `blobs/uploads` and `blobs/uploads/` share a route.
// The router: see http/literal-router.ts (the default SmartRouter fell back to its TrieRouter
// for our OCI name patterns, ~0.5 ms of CPU per request).
// Each sub-app identifies the caller and renders its own errors (its onError wraps its routes);
// what none of them takes is a JSON 404.
const app = new Hono<AppEnv>({ strict: false, router: new LiteralPatternRouter() })
  .route('/v2', ociRoutes)
  .route('/repositories', helmRoutes)
  .route('/api', chartApiRoutes)
  .route('/api', adminRoutes)
  .route('/', uiRoutes)
  .notFound((c) => c.json({ error: `no route for ${c.req.method} ${c.req.path}` }, 404))
  .onError(apiErrorHandler);

async function serve(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
  const response = await app.fetch(request, env, ctx);
  if (forgetsRecentReads(request)) forgetRecentReads();
  return response;
}

export default {
  async fetch(request, env, ctx) {
    if (String(env.COUNT_STORAGE_CALLS) !== 'true') return serve(request, env, ctx);
    const counted = countingEnv(env);
    const response = await serve(request, counted.env, ctx);
    const headers = new Headers(response.headers);
    headers.set('X-Storage-D1', String(counted.counts.d1));
    headers.set('X-Storage-R2', String(counted.counts.r2));
    return new Response(response.body, { status: response.status, headers, encodeBody: 'manual' });
  },
  async scheduled(_controller, env, ctx) {
    forgetRecentReads();
    ctx.waitUntil(
      collectGarbage(env).then((report) =>
        console.log('garbage collection', JSON.stringify(report)),
      ),
    );
    ctx.waitUntil(
      backfillChartContents(env).then((report) =>
        console.log('chart contents backfill', JSON.stringify(report)),
      ),
    );
  },
} satisfies ExportedHandler<Env>;
export { UploadSession } from './uploads/upload-session';
