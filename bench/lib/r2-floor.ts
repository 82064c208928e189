// The floor under section 4: bench/floor/r2-floor-worker.ts on workerd with Miniflare's R2 simulator alone.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convertV4MiniflareOptions } from 'miniflare';
import { buildWorker, startMiniflare } from './registry';

export interface R2Floor {
  url: string;
  pid: number | undefined;
  /** Uploads `total` bytes from `chunkAt(offset, length)` as parts of `partSize`. */
  upload(
    total: number,
    partSize: number,
    chunkAt: (offset: number, length: number) => Uint8Array<ArrayBuffer>,
  ): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Locally the R2 simulator runs inside the measured workerd process, so its own memory and speed
 * are part of every figure; this floor shows how much.
 */
export async function startR2Floor(): Promise<R2Floor> {
  const build = buildWorker('bench/floor/r2-floor-worker.ts');
  const state = mkdtempSync(join(tmpdir(), 'registry-floor-'));
  const { mf, pid } = await startMiniflare(
    convertV4MiniflareOptions({
      host: '127.0.0.1',
      port: 0,
      modules: true,
      modulesRoot: build,
      scriptPath: join(build, 'index.js'),
      compatibilityDate: '2026-11-01',
      r2Buckets: ['BLOBS'],
      r2Persist: join(state, 'r2'),
    }),
  );
  const url = (await mf.ready).toString().replace(/\/$/, '');
  return {
    url,
    pid,
    async upload(total, partSize, chunkAt) {
      const { id } = (await (await fetch(`${url}/start`)).json()) as { id: string };
      const parts: unknown[] = [];
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
      rmSync(build, { recursive: true, force: true });
    },
  };
}
