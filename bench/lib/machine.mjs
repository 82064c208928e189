// The machine a benchmark ran on, for the results file.
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';

function version(command, args) {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
      .split('\n')[0]
      .trim();
  } catch (err) {
    return (err.stderr ?? '').toString().split('\n')[0].trim() || 'unknown';
  }
}

export function machineDescription() {
  const cpu = cpus();
  return [
    `Run ${new Date().toISOString()} on ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${process.platform}.`,
    `Node ${process.version}; workerd ${version('workerd', ['--version'])}; ${version('docker-registry', ['--version'])}; ${version('nginx', ['-v'])}; ${version('wrk', ['-v'])}.`,
    'Everything runs on this one machine over 127.0.0.1, each side in the same run, alternating.',
  ].join('\n');
}
