// This registry (or a floor) bundled by wrangler and started on workerd through Miniflare, with the process's CPU and memory.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { readD1Migrations } from '@cloudflare/vitest-plugin';
import { convertV4MiniflareOptions, Miniflare } from 'miniflare';

export const ADMIN_TOKEN = 'bench-admin-token';
const DATABASE_ID = '00000000-0000-0000-0000-000000000000';

function wrangler(args: string[]): void {
  execFileSync('wrangler', args, {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, CI: 'true', WRANGLER_SEND_METRICS: 'false' },
  });
}

/**
 * Bundles the Worker (or another entry point, a floor, with the same wrangler.toml) once per run;
 * returns the output directory, which holds `index.js`.
 */
export function buildWorker(entry?: string): string {
  const out = mkdtempSync(join(tmpdir(), 'registry-build-'));
  wrangler(['deploy', ...(entry ? [entry] : []), '--dry-run', '--outdir', out]);
  // wrangler names a bundle after its entry point; every bundle here is started as index.js.
  if (entry) renameSync(join(out, `${basename(entry, '.ts')}.js`), join(out, 'index.js'));
  return out;
}

/** A started bundle: its URL, Miniflare instance, D1 binding, workerd process and a stop function. */
export interface Registry {
  url: string;
  mf: Miniflare;
  db: D1Database;
  /** The workerd process (the Worker and Miniflare's storage simulators). */
  pid: number | undefined;
  stop(): Promise<void>;
}

/**
 * Starts a bundle on workerd through Miniflare, with local R2/D1/Durable Objects in a throwaway
 * directory and the D1 migrations applied (split the way the Workers Vitest integration does).
 */
export async function startRegistry(
  buildDir: string,
  { port = 0, bindings = {} as Record<string, string> } = {},
): Promise<Registry> {
  const state = mkdtempSync(join(tmpdir(), 'registry-bench-'));
  // Miniflare 5 takes its own option shape; convertV4MiniflareOptions accepts the classic one.
  const { mf, pid } = await startMiniflare(
    convertV4MiniflareOptions({
      host: '127.0.0.1',
      port,
      defaultPersistRoot: join(state, 'v3'),
      d1Persist: true,
      r2Persist: true,
      durableObjectsPersist: true,
      cachePersist: true,
      name: 'helm-registry',
      modules: true,
      modulesRoot: buildDir,
      scriptPath: join(buildDir, 'index.js'),
      compatibilityDate: '2026-11-01',
      d1Databases: { DB: DATABASE_ID },
      r2Buckets: ['BLOBS'],
      durableObjects: { UPLOADS: { className: 'UploadSession', useSQLite: true } },
      // The Worker's own socket, as workerd serves it: without Miniflare's entry Worker, which
      // otherwise proxies every request and response body once more.
      unsafeDirectSockets: [{ host: '127.0.0.1', port: 0 }],
      bindings: {
        ADMIN_TOKEN,
        UPLOAD_TTL_SECONDS: '86400',
        GC_GRACE_SECONDS: '86400',
        COUNT_STORAGE_CALLS: 'false',
        ...bindings,
      },
    }),
  );
  const url = (await mf.unsafeGetDirectURL()).toString().replace(/\/$/, '');
  const db = (await mf.getD1Database('DB')) as unknown as D1Database;
  for (const migration of await readD1Migrations('migrations')) {
    await db.batch(migration.queries.map((query) => db.prepare(query)));
  }
  return {
    url,
    mf,
    db,
    pid,
    async stop() {
      await mf.dispose();
      rmSync(state, { recursive: true, force: true });
    },
  };
}

/** A Miniflare instance, ready, with the pid of the workerd process it started. */
export async function startMiniflare(
  options: ConstructorParameters<typeof Miniflare>[0],
): Promise<{ mf: Miniflare; pid: number | undefined }> {
  const before = new Set(workerdPids());
  const mf = new Miniflare(options);
  await mf.ready;
  return { mf, pid: workerdPids().find((p) => !before.has(p)) };
}

/** PIDs of the workerd processes under this Node process (Miniflare runs workerd as a child). */
export function workerdPids(): number[] {
  const out = execFileSync('ps', ['-eo', 'pid,ppid,comm'], { encoding: 'utf8' });
  const rows = out
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.trim().split(/\s+/));
  return rows
    .filter(([, ppid, comm]) => Number(ppid) === process.pid && comm === 'workerd')
    .map(([pid]) => Number(pid));
}

/** CPU time (user + system) a process has used so far, in ms. */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime, in clock ticks of 10 ms (USER_HZ 100 on Linux).
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Resident memory of a process in bytes (VmRSS). */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]) * 1024;
}

/** Samples the peak RSS of `pid` while `work` runs. */
export async function peakRss<T>(
  pid: number,
  work: () => Promise<T>,
): Promise<{ result: T; peak: number }> {
  let peak = rssBytes(pid);
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, rssBytes(pid));
    } catch {
      // process gone
    }
  }, 5);
  try {
    const result = await work();
    return { result, peak };
  } finally {
    clearInterval(timer);
  }
}
