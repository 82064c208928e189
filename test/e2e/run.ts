// Runs a client binary and returns its stdout, failing with its stderr; a helm with its own home.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { HELM_CLIENTS, type HelmClient } from './helm-clients';

export function run(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { env: { ...process.env, ...options.env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${command} ${args.join(' ')} failed:\n${stderr}\n${stdout}`));
        else resolve(stdout);
      },
    );
  });
}

/** The binary the global setup found for a client; throws its reason (what to install) if none. */
export function helmPath(version: string): string {
  const found = inject('helmClients').find((c) => c.version === version);
  if (!found?.path) throw new Error(found?.problem ?? `Helm ${version} was not prepared`);
  return found.path;
}

/** A helm of `client` with its own config, cache, data and registry login under `home`. */
export function helmFor(client: HelmClient, home: string, extraEnv: NodeJS.ProcessEnv = {}) {
  const env = {
    HELM_CONFIG_HOME: join(home, 'config'),
    HELM_CACHE_HOME: join(home, 'cache'),
    HELM_DATA_HOME: join(home, 'data'),
    HELM_REGISTRY_CONFIG: join(home, 'registry.json'),
    ...(client.chartCommands ? { HELM_EXPERIMENTAL_OCI: '1' } : {}),
    ...extraEnv,
  };
  const binary = () => helmPath(client.version);
  /** `--plain-http` for the commands that talk to an OCI registry, where the client needs it. */
  const plain = client.plainHttp ? ['--plain-http'] : [];
  return {
    home,
    env,
    plain,
    helm: (...args: string[]) => run(binary(), args, { env }),
  };
}

/** A helm 3.10.1 (the bundled one) with its own config, cache, data and registry login under `home`. */
export function helmAt(home: string, extraEnv: NodeJS.ProcessEnv = {}) {
  return helmFor(
    HELM_CLIENTS.find((c) => c.version === '3.10.1')!,
    home,
    extraEnv,
  );
}

/** A fresh folder under this run's temporary root (the global teardown removes the root). */
export function scratch(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `${prefix}-`));
}
