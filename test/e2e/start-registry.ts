// Global setup for the e2e suite: starts the registry the way a user does (`npm run dev`), on a
// free port with a throwaway local state directory, while it finds (or fetches) each Helm client;
// stops it afterwards. Everything the run writes to a temporary folder (tests, helm, gpg,
// Miniflare) goes under one root (TMPDIR, which the test workers inherit), removed at the end
// after the gpg-agents started in it are stopped.
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort, spawnDev } from './dev-server';
import { HELM_CLIENTS, helmBinary } from './helm-clients';

export const E2E_ADMIN_TOKEN = 'e2e-admin-token';

declare module 'vitest' {
  export interface ProvidedContext {
    registryUrl: string;
    adminToken: string;
    /** Each Helm client's binary, or why there is none (what to install). */
    helmClients: { version: string; path: string | null; problem: string | null }[];
  }
}

async function waitUntilReady(url: string, child: ChildProcess, log: string): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`npm run dev exited early:\n${readFileSync(log, 'utf8')}`);
    try {
      const res = await fetch(`${url}/v2/`);
      if (res.headers.get('docker-distribution-api-version')) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`registry did not start within 180 s:\n${readFileSync(log, 'utf8')}`);
}

/** Stops every gpg-agent whose home is under `root` (gpg starts one per home and leaves it). */
function stopGpgAgents(root: string): void {
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (entry.name === 'S.gpg-agent')
      spawnSync('gpgconf', ['--homedir', entry.parentPath, '--kill', 'all'], { stdio: 'ignore' });
  }
}

export default async function startRegistry(project: TestProject) {
  const previousTmp = process.env.TMPDIR;
  const root = mkdtempSync(join(tmpdir(), 'registry-e2e-'));
  process.env.TMPDIR = root;
  const clients = Promise.all(
    HELM_CLIENTS.map(({ version }) =>
      helmBinary(version).then(
        (path) => ({ version, path, problem: null }),
        (err: Error) => ({ version, path: null, problem: err.message }),
      ),
    ),
  );
  const port = await freePort();
  const state = join(root, 'registry');
  mkdirSync(state);
  const log = join(state, 'dev.log');
  const out = openSync(log, 'a');
  const child = spawnDev({
    port,
    persistTo: join(state, 'wrangler'),
    adminToken: E2E_ADMIN_TOKEN,
    stdio: ['ignore', out, out],
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.pid) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    await new Promise((r) => setTimeout(r, 500));
    stopGpgAgents(root);
    rmSync(root, { recursive: true, force: true });
    if (previousTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previousTmp;
  };
  try {
    await waitUntilReady(url, child, log);
  } catch (err) {
    await stop();
    throw err;
  }
  project.provide('registryUrl', url);
  project.provide('adminToken', E2E_ADMIN_TOKEN);
  project.provide('helmClients', await clients);
  return stop;
}
