// Section 6 (`bundle`): the deployed bundle (`wrangler deploy --dry-run --outdir`), raw and gzipped.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BenchContext } from '../lib/context';
import { formatBytes, table } from '../lib/stats';

export async function bundleSize({ build }: BenchContext): Promise<string> {
  const code = readFileSync(join(build, 'index.js'));
  const gz = gzipSync(code, { level: 9 }).length;
  return [
    '## Bundle size',
    '',
    table(
      ['bundle', 'raw', 'gzipped', 'target'],
      [
        [
          'index.js',
          formatBytes(code.length),
          formatBytes(gz),
          `< 300 KiB gzipped: ${gz < 300 * 1024 ? 'met' : 'missed'}`,
        ],
      ],
    ),
  ].join('\n');
}
