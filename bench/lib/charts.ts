// Chart archives for benchmarks: the tests' `helm package`-shaped builder, padded with random bytes.
import { buildChart } from '../../test/helpers/chart-archive';
import { randomBytes } from '../../test/helpers/oci-client';

/** A chart archive of about `padding` bytes more than a bare chart (random bytes stay that size after gzip). */
export function chartArchive(
  name: string,
  version: string,
  padding = 0,
): Promise<Uint8Array<ArrayBuffer>> {
  const files: Record<string, Uint8Array<ArrayBuffer>> = {};
  if (padding) files['files/pad.txt'] = randomBytes(padding);
  return buildChart({ name, version, description: 'Benchmark chart', files });
}
