// The other sides and tools (Distribution 2.8, nginx, wrangler dev, wrk) on 127.0.0.1 with throwaway state.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, spawnDev } from '../../test/e2e/dev-server';

export async function waitFor(
  url: string,
  { timeoutMs = 60_000, ok = (res: Response) => res.status < 500 } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (ok(res)) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not come up`);
}

export function requireCommand(command: string, debianPackage: string): void {
  if (spawnSync('sh', ['-c', `command -v ${command}`]).status !== 0) {
    throw new Error(`${command} is not installed: apt-get install ${debianPackage}`);
  }
}

function stopper(child: ChildProcess, dir: string): () => Promise<void> {
  return async () => {
    child.kill('SIGTERM');
    await new Promise<void>((r) => (child.exitCode !== null ? r() : child.once('exit', () => r())));
    rmSync(dir, { recursive: true, force: true });
  };
}

/** CNCF Distribution (Debian `docker-registry`) with filesystem storage. */
export interface Server {
  url: string;
  /** The server process, where its CPU time can be read. */
  pid?: number;
  stop(): Promise<void>;
}

export async function startDistribution(): Promise<Server> {
  requireCommand('docker-registry', 'docker-registry');
  const dir = mkdtempSync(join(tmpdir(), 'distribution-'));
  const port = await freePort();
  const config = join(dir, 'config.yml');
  writeFileSync(
    config,
    [
      'version: 0.1',
      'log: { level: error, accesslog: { disabled: true } }',
      'storage:',
      `  filesystem: { rootdirectory: ${join(dir, 'data')} }`,
      '  delete: { enabled: true }',
      '  cache: { blobdescriptor: inmemory }',
      `http: { addr: "127.0.0.1:${port}" }`,
      '',
    ].join('\n'),
  );
  const child = spawn('docker-registry', ['serve', config], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/v2/`);
  return { url, pid: child.pid, stop: stopper(child, dir) };
}

/** nginx (Debian `nginx-light`) serving `root` on its own port, with gzip_static for `.gz` twins. */
export async function startNginx(root: string): Promise<Server> {
  requireCommand('nginx', 'nginx-light');
  const dir = mkdtempSync(join(tmpdir(), 'nginx-'));
  const port = await freePort();
  const conf = join(dir, 'nginx.conf');
  writeFileSync(
    conf,
    `worker_processes 1;
user root;
daemon off;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')};
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  client_body_temp_path ${dir}; proxy_temp_path ${dir}; fastcgi_temp_path ${dir}; uwsgi_temp_path ${dir}; scgi_temp_path ${dir};
  types { application/x-yaml yaml; }
  server {
    listen 127.0.0.1:${port};
    root ${root};
    etag on;
    gzip_static on;
  }
}
`,
  );
  const child = spawn('nginx', ['-c', conf, '-p', dir], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/`, { ok: () => true });
  return { url, stop: stopper(child, dir) };
}

/** `wrk` for `seconds` with `connections`; returns requests per second. */
export function wrk(
  url: string,
  { seconds = 8, connections = 8, threads = 2, headers = {} as Record<string, string> } = {},
): { rps: number; non2xx: number; raw: string } {
  requireCommand('wrk', 'wrk');
  const args = ['-t', String(threads), '-c', String(connections), '-d', `${seconds}s`];
  for (const [k, v] of Object.entries(headers)) args.push('-H', `${k}: ${v}`);
  const out = spawnSync('wrk', [...args, url], { encoding: 'utf8' }).stdout;
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
  return { rps, non2xx, raw: out };
}

/** This registry as a user starts it (`npm run dev`, i.e. `wrangler dev`), on its own port and state. */
export async function startWranglerDev(adminToken: string): Promise<Server> {
  const dir = mkdtempSync(join(tmpdir(), 'wrangler-dev-'));
  const port = await freePort();
  const child = spawnDev({
    port,
    persistTo: join(dir, 'state'),
    adminToken,
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/v2/`, {
    timeoutMs: 180_000,
    ok: (res) => res.headers.has('docker-distribution-api-version'),
  });
  return {
    url,
    async stop() {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
      await new Promise((r) => setTimeout(r, 500));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
