// The token flow of Docker Hub and GHCR on /v2: every request without credentials, public
// repository or not, is answered with the Bearer challenge for what it addresses; an anonymous
// client then reads public repositories with the pull token /v2/token gives it (issue 13, item 9:
// Helm 3.10 only sends credentials after a 401 and cannot resend a manifest PUT's body).
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { anonymousPull, registryToken } from '../helpers/auth';
import { buildChart, createRepository, pushChartOci, putChartHttp } from '../helpers/charts';
import { expectOciError, request } from '../helpers/oci';

const REALM = 'Bearer realm="http://registry.test/v2/token",service="registry.test"';

describe('requests without credentials on /v2', () => {
  for (const visibility of ['public', 'private'] as const) {
    it(`are all challenged, with the scope they address (${visibility} repository)`, async () => {
      const repo = await createRepository(env.DB, { visibility });
      const pushed = await pushChartOci(
        repo,
        'app',
        await buildChart({ name: 'app', version: '1.0.0' }),
        '1.0.0',
        { expectStatus: 201 },
      );
      const name = `${repo}/app`;
      const blob = pushed.chartDigest;
      const cases: [string, string, string | null][] = [
        ['GET', '/v2/', null],
        ['GET', '/v2/_catalog', null],
        ['GET', `/v2/${name}/tags/list`, 'pull'],
        ['GET', `/v2/${name}/referrers/${pushed.digest}`, 'pull'],
        ['GET', `/v2/${name}/manifests/1.0.0`, 'pull'],
        ['HEAD', `/v2/${name}/manifests/1.0.0`, 'pull'],
        ['GET', `/v2/${name}/manifests/${pushed.digest}`, 'pull'],
        ['HEAD', `/v2/${name}/manifests/${pushed.digest}`, 'pull'],
        ['GET', `/v2/${name}/blobs/${blob}`, 'pull'],
        ['HEAD', `/v2/${name}/blobs/${blob}`, 'pull'],
        ['PUT', `/v2/${name}/manifests/1.0.1`, 'pull,push'],
        ['DELETE', `/v2/${name}/manifests/${pushed.digest}`, 'delete'],
        ['DELETE', `/v2/${name}/blobs/${blob}`, 'delete'],
        ['POST', `/v2/${name}/blobs/uploads/`, 'pull,push'],
        ['POST', `/v2/${name}/blobs/uploads/?mount=${blob}&from=${name}`, 'pull,push'],
        ['GET', `/v2/${name}/blobs/uploads/some-session`, 'pull,push'],
        ['PATCH', `/v2/${name}/blobs/uploads/some-session`, 'pull,push'],
        ['PUT', `/v2/${name}/blobs/uploads/some-session?digest=${blob}`, 'pull,push'],
        ['DELETE', `/v2/${name}/blobs/uploads/some-session`, 'pull,push'],
      ];
      for (const [method, path, actions] of cases) {
        for (const prefixed of [path, path.replace('/v2/', '/v2/repositories/')]) {
          const res = await request(method, prefixed, {
            auth: false,
            body: method === 'PUT' || method === 'PATCH' ? '{}' : null,
          });
          const scope = actions ? `,scope="repository:${name}:${actions}"` : '';
          expect([method, prefixed, res.headers.get('www-authenticate')]).toEqual([
            method,
            prefixed,
            REALM + scope,
          ]);
          if (method === 'HEAD') expect(res.status).toBe(401);
          else await expectOciError(res, 401, 'UNAUTHORIZED');
        }
      }
      // The token endpoint itself answers without credentials.
      expect((await registryToken(null, `repository:${name}:pull`)).status).toBe(200);
    });
  }

  it('an anonymous token pulls a public chart: tags, manifest, blobs, twice (edge cache)', async () => {
    const repo = await createRepository(env.DB);
    const archive = await buildChart({ name: 'pub', version: '2.0.0' });
    const pushed = await pushChartOci(repo, 'pub', archive, '2.0.0', { expectStatus: 201 });
    const as = await anonymousPull(`repository:${repo}/pub:pull`);
    for (let round = 0; round < 2; round++) {
      const tags = await request('GET', `/v2/${repo}/pub/tags/list`, as);
      expect(await tags.json()).toEqual({ name: `${repo}/pub`, tags: ['2.0.0'] });
      const head = await request('HEAD', `/v2/${repo}/pub/manifests/2.0.0`, as);
      expect(head.headers.get('docker-content-digest')).toBe(pushed.digest);
      const manifest = await request('GET', `/v2/${repo}/pub/manifests/${pushed.digest}`, as);
      expect(await manifest.text()).toBe(pushed.manifest);
      for (const digest of [pushed.configDigest, pushed.chartDigest]) {
        const res = await request('GET', `/v2/${repo}/pub/blobs/${digest}`, as);
        expect(res.status).toBe(200);
        await res.arrayBuffer();
      }
      const chart = await request('GET', `/v2/${repo}/pub/blobs/${pushed.chartDigest}`, as);
      expect(new Uint8Array(await chart.arrayBuffer())).toEqual(archive);
    }
  });

  it('a re-push over existing blobs meets the challenge on its first blob HEAD, not on the manifest PUT', async () => {
    // Helm 3.10's order for a chart whose blobs exist (uploaded over HTTP first): HEAD each
    // blob, then PUT the manifest. The first anonymous request must be the one challenged.
    const repo = await createRepository(env.DB);
    const archive = await buildChart({ name: 'again', version: '1.0.0' });
    expect((await putChartHttp(repo, archive, 'again-1.0.0.tgz')).status).toBe(201);
    const layer = await crypto.subtle.digest('SHA-256', archive);
    const digest = `sha256:${[...new Uint8Array(layer)].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
    const head = await request('HEAD', `/v2/${repo}/again/blobs/${digest}`, { auth: false });
    expect(head.status).toBe(401);
    expect(head.headers.get('www-authenticate')).toBe(
      `${REALM},scope="repository:${repo}/again:pull"`,
    );
    // With the anonymous token the blob is visible (public), and pushing still needs credentials.
    const as = await anonymousPull(`repository:${repo}/again:pull,push`);
    expect((await request('HEAD', `/v2/${repo}/again/blobs/${digest}`, as)).status).toBe(200);
    await expectOciError(
      await request('PUT', `/v2/${repo}/again/manifests/1.0.0`, { ...as, body: '{}' }),
      401,
      'UNAUTHORIZED',
    );
  });

  it('the Helm HTTP repository keeps anonymous reads of public repositories', async () => {
    const repo = await createRepository(env.DB);
    await putChartHttp(repo, await buildChart({ name: 'web', version: '1.0.0' }), 'web-1.0.0.tgz');
    const index = await request('GET', `/repositories/${repo}/index.yaml`, { auth: false });
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('web-1.0.0.tgz');
  });
});
