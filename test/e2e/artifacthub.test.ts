// Artifact Hub's view of a listed repository, with a real OCI client: skopeo reads the
// `artifacthub.io` tag of a chart (as Artifact Hub's oras-go pull does) from the registry started
// with `npm run dev`, and gets the same artifacthub-repo.yml the HTTP repository serves.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildChart } from '../helpers/chart-archive';
import { adminToken, api, createRepository, host, registry } from './fixtures';
import { run, scratch } from './run';

const REPOSITORY_ID = '6f1c2a9e-3d4b-4c5d-8e7f-9a0b1c2d3e4f';
const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

describe('the artifacthub.io tag with skopeo', () => {
  it('inspects and copies the metadata artifact of a chart uploaded over HTTP', async () => {
    const name = `e2e-artifacthub-${Date.now().toString(36)}`;
    const repo = await createRepository(name, 'public');
    const archive = await buildChart({ name: 'listed', version: '1.2.3' });
    const put = await fetch(`${registry}/repositories/${repo.path}/listed-1.2.3.tgz`, {
      method: 'PUT',
      body: archive,
      headers: { authorization: `Basic ${btoa(`${adminToken}:`)}` },
    });
    expect(put.status, await put.text()).toBe(201);
    await api('PATCH', `/api/repositories/${repo.id}`, {
      artifactHub: {
        repositoryId: REPOSITORY_ID,
        owners: [{ name: 'e2e', email: 'e2e@example.com' }],
      },
    });
    const file = await (
      await fetch(`${registry}/repositories/${repo.path}/artifacthub-repo.yml`)
    ).text();
    expect(file).toContain(`repositoryID: ${REPOSITORY_ID}`);

    const image = `docker://${host}/${repo.path}/listed`;
    const tags = JSON.parse(await run('skopeo', ['list-tags', '--tls-verify=false', image]));
    expect(tags.Tags).toEqual(['1.2.3', 'artifacthub.io']);

    const raw = await run('skopeo', [
      'inspect',
      '--raw',
      '--tls-verify=false',
      `${image}:artifacthub.io`,
    ]);
    const manifest = JSON.parse(raw);
    expect(manifest.config.mediaType).toBe('application/vnd.cncf.artifacthub.config.v1+yaml');
    expect(manifest.layers).toHaveLength(1);
    expect(manifest.layers[0].mediaType).toBe(
      'application/vnd.cncf.artifacthub.repository-metadata.layer.v1.yaml',
    );
    expect(manifest.layers[0].digest).toBe(`sha256:${sha256(file)}`);

    const out = scratch('artifacthub-dir');
    await run('skopeo', [
      'copy',
      '--src-tls-verify=false',
      `${image}:artifacthub.io`,
      `dir:${out}`,
    ]);
    expect(sha256(readFileSync(join(out, 'manifest.json')))).toBe(sha256(raw));
    const layerHex = manifest.layers[0].digest.slice('sha256:'.length);
    expect(readdirSync(out)).toContain(layerHex);
    expect(readFileSync(join(out, layerHex), 'utf8')).toBe(file);
  });
});
