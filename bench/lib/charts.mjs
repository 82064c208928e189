// Chart archives for benchmarks, shaped like `helm package` output.
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { packTar } from 'modern-tar';

export async function chartArchive(name, version, padding = 0) {
  const chartYaml = `apiVersion: v2\nname: ${name}\ndescription: Benchmark chart\ntype: application\nversion: ${version}\nappVersion: "1.0.0"\n`;
  const entries = [
    {
      header: { name: `${name}/Chart.yaml`, size: Buffer.byteLength(chartYaml), type: 'file' },
      body: chartYaml,
    },
    { header: { name: `${name}/values.yaml`, size: 16, type: 'file' }, body: 'replicaCount: 1\n' },
  ];
  if (padding) {
    // Random bytes: the archive stays about `padding` bytes after gzip, like a real chart's files.
    const pad = randomBytes(padding);
    entries.push({
      header: { name: `${name}/files/pad.txt`, size: padding, type: 'file' },
      body: pad,
    });
  }
  return gzipSync(await packTar(entries));
}
