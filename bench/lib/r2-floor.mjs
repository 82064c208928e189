// The floor under section 4: the same workerd + Miniflare R2 simulator, driven by a minimal Worker
// that pipes each request body natively into one R2 multipart part (no hashing, no re-cutting,
// no Durable Object). Locally the R2 simulator runs inside the measured workerd process, so its
// own memory and speed are part of every figure; this row shows how much.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convertV4MiniflareOptions } from 'miniflare';
import { startMiniflare } from './registry.mjs';

const SCRIPT = `
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const key = 'floor';
    if (url.pathname === '/start') {
      const upload = await env.BLOBS.createMultipartUpload(key);
      return Response.json({ id: upload.uploadId });
    }
    const upload = env.BLOBS.resumeMultipartUpload(key, url.searchParams.get('id'));
    if (url.pathname === '/part') {
      const length = Number(request.headers.get('content-length'));
      const body = request.body.pipeThrough(new FixedLengthStream(length));
      return Response.json(await upload.uploadPart(Number(url.searchParams.get('n')), body));
    }
    await upload.complete(await request.json());
    return new Response('done');
  },
};`;

export async function startR2Floor() {
  const state = mkdtempSync(join(tmpdir(), 'registry-floor-'));
  const { mf, pid } = await startMiniflare(
    convertV4MiniflareOptions({
      host: '127.0.0.1',
      port: 0,
      modules: true,
      script: SCRIPT,
      compatibilityDate: '2026-11-01',
      r2Buckets: ['BLOBS'],
      r2Persist: join(state, 'r2'),
    }),
  );
  const url = (await mf.ready).toString().replace(/\/$/, '');
  return {
    url,
    pid,
    /** Uploads `total` bytes from `chunkAt(offset, length)` as parts of `partSize`. */
    async upload(total, partSize, chunkAt) {
      const { id } = await (await fetch(`${url}/start`)).json();
      const parts = [];
      for (let offset = 0, n = 1; offset < total; offset += partSize, n++) {
        const body = chunkAt(offset, Math.min(partSize, total - offset));
        const res = await fetch(`${url}/part?id=${id}&n=${n}`, { method: 'PUT', body });
        if (res.status !== 200) throw new Error(`floor part: ${res.status}`);
        parts.push(await res.json());
      }
      const done = await fetch(`${url}/complete?id=${id}`, {
        method: 'POST',
        body: JSON.stringify(parts),
      });
      await done.text();
    },
    async stop() {
      await mf.dispose();
      rmSync(state, { recursive: true, force: true });
    },
  };
}
