// The machine a benchmark ran on, for the results file.
import { spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';

/** First line a tool prints about its version: nginx writes it to stderr, wrk exits 1 after it. */
function version(command: string, args: string[]): string {
  const run = spawnSync(command, args, { encoding: 'utf8' });
  const line = `${run.stdout ?? ''}\n${run.stderr ?? ''}`
    .split('\n')
    .map((l) => l.trim())
    .find(Boolean)
    ?.replace(/\s*Copyright.*$/, '');
  return line ?? `${command}: unknown`;
}

export function machineDescription(): string {
  const cpu = cpus();
  return [
    `Run ${new Date().toISOString()} on ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${process.platform}.`,
    `Node ${process.version}; ${version('workerd', ['--version'])}; ${version('docker-registry', ['--version'])}; ${version('nginx', ['-v'])}; ${version('wrk', ['-v'])}.`,
    'Everything runs on this one machine over 127.0.0.1, each side in the same run, alternating.',
  ].join('\n');
}
