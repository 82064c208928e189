/** The registry started as a user starts it (`npm run dev`) on a free port, shared by the e2e suite and the bench. */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';

/** A port nothing listens on right now, on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/**
 * `npm run dev` on `port` with its local state under `persistTo` and `adminToken` as ADMIN_TOKEN,
 * in its own process group (stop it with `process.kill(-child.pid)`).
 */
export function spawnDev(options: {
  port: number;
  persistTo: string;
  adminToken: string;
  stdio: StdioOptions;
}): ChildProcess {
  const args = ['run', 'dev', '--', '--port', String(options.port), '--ip', '127.0.0.1'];
  args.push('--persist-to', options.persistTo, '--var', `ADMIN_TOKEN:${options.adminToken}`);
  args.push('--show-interactive-dev-session=false');
  return spawn('npm', args, { stdio: options.stdio, detached: true });
}
