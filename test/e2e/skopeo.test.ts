// A second OCI client end to end: skopeo copies a multi-layer OCI image from a local `oci:`
// layout into the registry (started with `npm run dev`), lists tags, inspects it, and copies
// it back out byte for byte.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { run } from './run';

const registry = inject('registryUrl');
const host = new URL(registry).host;
const creds = `admin:${inject('adminToken')}`;
const image = `${host}/default/charts/e2e/skopeo-app`;

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Writes a three-layer OCI image layout with tag v1; returns its directory and manifest bytes. */
function buildLayout(): { dir: string; manifest: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'oci-layout-'));
  const blobs = join(dir, 'blobs', 'sha256');
  mkdirSync(blobs, { recursive: true });
  const put = (data: Buffer) => {
    const hex = sha256(data);
    writeFileSync(join(blobs, hex), data);
    return { digest: `sha256:${hex}`, size: data.length };
  };
  const raw = [
    randomBytes(300_000),
    randomBytes(2_000_000),
    Buffer.from('hello from layer three\n'),
  ];
  const layers = raw.map((r) => ({
    mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
    ...put(gzipSync(r)),
  }));
  const config = put(
    Buffer.from(
      JSON.stringify({
        architecture: 'amd64',
        os: 'linux',
        rootfs: { type: 'layers', diff_ids: raw.map((r) => `sha256:${sha256(r)}`) },
        config: {},
      }),
    ),
  );
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
      layers,
    }),
  );
  const m = put(manifest);
  writeFileSync(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  writeFileSync(
    join(dir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [
        {
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          ...m,
          annotations: { 'org.opencontainers.image.ref.name': 'v1' },
        },
      ],
    }),
  );
  return { dir, manifest };
}

describe('skopeo', () => {
  let layout: { dir: string; manifest: Buffer };
  beforeAll(() => {
    layout = buildLayout();
  });

  it('copies an OCI image in, lists, inspects and copies it back out unchanged', async () => {
    for (const tag of ['v1', 'v2']) {
      await run('skopeo', [
        'copy',
        '--dest-tls-verify=false',
        '--dest-creds',
        creds,
        `oci:${layout.dir}:v1`,
        `docker://${image}:${tag}`,
      ]);
    }

    const tags = JSON.parse(
      await run('skopeo', ['list-tags', '--tls-verify=false', `docker://${image}`]),
    );
    expect(tags.Tags).toEqual(['v1', 'v2']);

    const raw = await run('skopeo', [
      'inspect',
      '--raw',
      '--tls-verify=false',
      `docker://${image}:v1`,
    ]);
    expect(raw).toBe(layout.manifest.toString());
    const info = JSON.parse(
      await run('skopeo', ['inspect', '--tls-verify=false', `docker://${image}:v1`]),
    );
    expect(info.Digest).toBe(`sha256:${sha256(layout.manifest)}`);
    expect(info.Layers).toHaveLength(3);
    expect(info.Architecture).toBe('amd64');

    const out = mkdtempSync(join(tmpdir(), 'oci-out-'));
    await run('skopeo', [
      'copy',
      '--src-tls-verify=false',
      `docker://${image}:v1`,
      `oci:${out}:v1`,
    ]);
    const names = (d: string) => readdirSync(join(d, 'blobs', 'sha256')).sort();
    expect(names(out)).toEqual(names(layout.dir));
    for (const blob of names(out)) {
      expect(sha256(readFileSync(join(out, 'blobs', 'sha256', blob)))).toBe(blob);
    }
  });

  it('is refused without credentials', async () => {
    await expect(
      run('skopeo', [
        'copy',
        '--dest-tls-verify=false',
        `oci:${layout.dir}:v1`,
        `docker://${image}:nocreds`,
      ]),
    ).rejects.toThrow(/denied|401|unauthorized|authentication required/i);
  });
});
