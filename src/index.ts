/** Worker entry: wires the sub-apps and exports the Worker and its Durable Object classes. */
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from './app-env';
import { adminRoutes } from './admin/routes';
import { identify } from './auth/identify';
import { OciError } from './errors/oci-error';
import { ERROR_CODES, RegistryError } from './errors/registry-error';
import { RepositoryGone } from './errors/repository-gone';
import { countingEnv } from './debug/storage-call-counter';
import { LiteralPatternRouter } from './http/literal-router';
import { collectGarbage } from './gc/collect-garbage';
import { helmRoutes } from './helm/routes';
import { ociNotFound } from './oci/fallbacks';
import { ociRoutes } from './oci/routes';
import { forgetRecentReads, forgetsRecentReads } from './recent/recent-reads';

// strict: false lets `/v2` and `/v2/`, `blobs/uploads` and `blobs/uploads/` share a route.
// The router: see http/literal-router.ts (the default SmartRouter fell back to its TrieRouter
// for our OCI name patterns, ~0.5 ms of CPU per request).
const app = new Hono<AppEnv>({ strict: false, router: new LiteralPatternRouter() });

app.use('*', identify());
app.use('/v2/*', async function distributionHeader(c, next) {
  await next();
  c.res.headers.set('Docker-Distribution-API-Version', 'registry/2.0');
});
app.route('/v2/repositories', ociRoutes);
app.route('/v2', ociRoutes);
app.route('/repositories', helmRoutes);
app.route('/api', adminRoutes);

app.notFound((c) =>
  c.req.path.startsWith('/v2/')
    ? ociNotFound(c)
    : c.json({ error: `no route for ${c.req.method} ${c.req.path}` }, 404),
);
app.onError((err, c) => {
  if (err instanceof HTTPException) return err.getResponse();
  if (err instanceof RepositoryGone) {
    return c.req.path.startsWith('/v2/')
      ? new OciError('NAME_UNKNOWN', err.message).getResponse()
      : c.json({ error: err.message }, 404);
  }
  if (err instanceof RegistryError) {
    const { oci, status } = ERROR_CODES[err.code];
    const headers = { 'Content-Type': 'application/json', ...err.headers };
    const body = c.req.path.startsWith('/v2/')
      ? {
          errors: [
            { code: oci, message: ERROR_CODES[err.code].message, detail: err.detail ?? null },
          ],
        }
      : { error: err.message };
    return new Response(JSON.stringify(body), { status, headers });
  }
  console.error('unhandled error', c.req.method, c.req.path, err);
  // Not a spec code: a 500 is outside the spec; distribution answers it the same way.
  return c.req.path.startsWith('/v2/')
    ? c.json({ errors: [{ code: 'UNKNOWN', message: 'internal server error', detail: null }] }, 500)
    : c.json({ error: 'internal server error' }, 500);
});

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
  },
} satisfies ExportedHandler<Env>;
export { UploadSession } from './uploads/upload-session';
