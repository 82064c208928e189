// Listing on Artifact Hub (issue 15): the admin setting, artifacthub-repo.yml beside index.yaml, and the `artifacthub.io` OCI tag.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createToken } from '../helpers/auth';
import {
  buildChart,
  createRepository,
  pushChartOci,
  putChartHttp,
  repositoryId,
  responseText,
} from '../helpers/charts';
import { anonymousPull } from '../helpers/auth';
import { expectOciError, pushBlob, request, sha256, type RequestOptions } from '../helpers/oci';

const REPOSITORY_ID = '2d8a1f3c-4b5e-4f60-9a7b-8c9d0e1f2a3b';
const CONFIG_TYPE = 'application/vnd.cncf.artifacthub.config.v1+yaml';
const LAYER_TYPE = 'application/vnd.cncf.artifacthub.repository-metadata.layer.v1.yaml';
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

const owners = [
  { name: 'Platform: "team" #1', email: 'platform@example.com' },
  { email: 'second@example.org' },
];

async function api(method: string, path: string, body?: unknown): Promise<Response> {
  return request(method, path, {
    body: body === undefined ? undefined : JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
}

async function patch(repo: string, body: unknown): Promise<Response> {
  return api('PATCH', `/api/repositories/${await repositoryId(env.DB, repo)}`, body);
}

async function listed(
  repo: string,
  artifactHub: unknown = { repositoryId: REPOSITORY_ID, owners },
) {
  const res = await patch(repo, { artifactHub });
  expect(res.status, await res.clone().text()).toBe(200);
}

/** A repository with a chart pushed over OCI (`ocichart`) and one uploaded over HTTP (`httpchart`). */
async function repositoryWithCharts(settings: { visibility?: 'public' | 'private' } = {}) {
  const repo = await createRepository(env.DB, settings);
  await pushChartOci(
    repo,
    'ocichart',
    await buildChart({ name: 'ocichart', version: '1.0.0' }),
    '1.0.0',
    {
      expectStatus: 201,
    },
  );
  const archive = await buildChart({ name: 'httpchart', version: '0.1.0' });
  expect((await putChartHttp(repo, archive, 'httpchart-0.1.0.tgz')).status).toBe(201);
  return repo;
}

async function manifestOf(
  repo: string,
  chart: string,
  reference = 'artifacthub.io',
  options?: RequestOptions,
) {
  const res = await request('GET', `/v2/${repo}/${chart}/manifests/${reference}`, options);
  const text = await res.clone().text();
  return { res, text };
}

async function tags(repo: string, chart: string, query = ''): Promise<string[]> {
  const res = await request('GET', `/v2/${repo}/${chart}/tags/list${query}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { tags: string[] }).tags;
}

describe('the artifactHub setting of the admin API', () => {
  it('is accepted on create and patch, returned by GET, cleared with null', async () => {
    const created = await api('POST', '/api/repositories', {
      storage: 'default',
      name: `ah-${crypto.randomUUID().slice(0, 8)}`,
      artifactHub: { repositoryId: REPOSITORY_ID.toUpperCase(), owners },
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const body = (await created.json()) as { id: number; artifactHub: unknown };
    // Stored lower-case, as Artifact Hub writes its IDs.
    expect(body.artifactHub).toEqual({ repositoryId: REPOSITORY_ID, owners });
    const got = await api('GET', `/api/repositories/${body.id}`);
    expect(((await got.json()) as { artifactHub: unknown }).artifactHub).toEqual({
      repositoryId: REPOSITORY_ID,
      owners,
    });
    // Other settings leave it alone; owners are optional.
    const other = await api('PATCH', `/api/repositories/${body.id}`, { allowOverwrite: true });
    expect(((await other.json()) as { artifactHub: unknown }).artifactHub).toEqual({
      repositoryId: REPOSITORY_ID,
      owners,
    });
    const noOwners = await api('PATCH', `/api/repositories/${body.id}`, {
      artifactHub: { repositoryId: REPOSITORY_ID },
    });
    expect(((await noOwners.json()) as { artifactHub: unknown }).artifactHub).toEqual({
      repositoryId: REPOSITORY_ID,
      owners: [],
    });
    const cleared = await api('PATCH', `/api/repositories/${body.id}`, { artifactHub: null });
    expect(((await cleared.json()) as { artifactHub: unknown }).artifactHub).toBeNull();
    const plain = await api('POST', '/api/repositories', {
      storage: 'default',
      name: `ah-${crypto.randomUUID().slice(0, 8)}`,
    });
    expect(((await plain.json()) as { artifactHub: unknown }).artifactHub).toBeNull();
  });

  it('answers 400 naming the field that is wrong, and stores nothing', async () => {
    const repo = await createRepository(env.DB);
    const owner = { name: 'a', email: 'a@example.com' };
    const cases: [unknown, string][] = [
      [{ repositoryId: 'not-a-uuid' }, 'artifactHub.repositoryId'],
      [{ repositoryId: `${REPOSITORY_ID}\n` }, 'artifactHub.repositoryId'],
      [{ owners: [owner] }, 'artifactHub.repositoryId'],
      [{ repositoryId: 42 }, 'artifactHub.repositoryId'],
      [{ repositoryId: REPOSITORY_ID, owners: Array(21).fill(owner) }, 'artifactHub.owners'],
      [{ repositoryId: REPOSITORY_ID, owners: 'me' }, 'artifactHub.owners'],
      [
        { repositoryId: REPOSITORY_ID, owners: [{ name: 'a', email: 'nope' }] },
        'artifactHub.owners.0.email',
      ],
      [
        { repositoryId: REPOSITORY_ID, owners: [owner, { email: 'a b@example.com' }] },
        'artifactHub.owners.1.email',
      ],
      [
        { repositoryId: REPOSITORY_ID, owners: [{ email: `${'a'.repeat(250)}@example.com` }] },
        'artifactHub.owners.0.email',
      ],
      [
        {
          repositoryId: REPOSITORY_ID,
          owners: [{ name: 'x'.repeat(101), email: 'a@example.com' }],
        },
        'artifactHub.owners.0.name',
      ],
      [
        { repositoryId: REPOSITORY_ID, owners: [{ name: 'two\nlines', email: 'a@example.com' }] },
        'artifactHub.owners.0.name',
      ],
      [
        { repositoryId: REPOSITORY_ID, owners: [{ name: '', email: 'a@example.com' }] },
        'artifactHub.owners.0.name',
      ],
      [
        { repositoryId: REPOSITORY_ID, owners: [{ email: 'a@example.com', role: 'x' }] },
        'artifactHub.owners.0',
      ],
      [{ repositoryId: REPOSITORY_ID, ignore: [{ name: 'x' }] }, 'artifactHub'],
      ['yes', 'artifactHub'],
    ];
    for (const [artifactHub, field] of cases) {
      const res = await patch(repo, { artifactHub });
      const text = await res.text();
      expect(res.status, text).toBe(400);
      expect(JSON.parse(text).error, JSON.stringify(artifactHub)).toMatch(
        new RegExp(`^${field.replaceAll('.', '\\.')}\\b`),
      );
    }
    const got = await api('GET', `/api/repositories/${await repositoryId(env.DB, repo)}`);
    expect(((await got.json()) as { artifactHub: unknown }).artifactHub).toBeNull();
  });

  it('needs an admin credential to change', async () => {
    const repo = await createRepository(env.DB);
    const writer = await createToken({
      name: 'w',
      scopes: [{ repository: repo, actions: ['read', 'write', 'delete'] }],
    });
    const res = await request('PATCH', `/api/repositories/${await repositoryId(env.DB, repo)}`, {
      body: JSON.stringify({ artifactHub: { repositoryId: REPOSITORY_ID } }),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${writer.secret}` },
    });
    expect(res.status).toBe(403);
  });
});

describe('artifacthub-repo.yml beside index.yaml', () => {
  it('is the documented file, rendered as YAML, with an ETag and 304s', async () => {
    const repo = await repositoryWithCharts();
    const missing = await request('GET', `/repositories/${repo}/artifacthub-repo.yml`, {
      auth: false,
    });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: string }).error).toMatch(/no Artifact Hub settings/);

    await listed(repo);
    const res = await request('GET', `/repositories/${repo}/artifacthub-repo.yml`, { auth: false });
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-yaml; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(parse(text)).toEqual({ repositoryID: REPOSITORY_ID, owners });
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^"ahr-[0-9a-f]{32}"$/);
    const again = await request('GET', `/repositories/${repo}/artifacthub-repo.yml`, {
      auth: false,
      headers: { 'if-none-match': etag },
    });
    expect(again.status).toBe(304);
    const head = await request('HEAD', `/repositories/${repo}/artifacthub-repo.yml`, {
      auth: false,
    });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(
      String(new TextEncoder().encode(text).byteLength),
    );

    // A changed setting is a new file (and a new ETag) at once.
    await listed(repo, { repositoryId: REPOSITORY_ID, owners: [{ email: 'new@example.com' }] });
    const changed = await request('GET', `/repositories/${repo}/artifacthub-repo.yml`, {
      auth: false,
      headers: { 'if-none-match': etag },
    });
    expect(changed.status).toBe(200);
    expect(parse(await changed.text())).toEqual({
      repositoryID: REPOSITORY_ID,
      owners: [{ email: 'new@example.com' }],
    });

    const index = await responseText(
      await request('GET', `/repositories/${repo}/index.yaml`, { auth: false }),
    );
    expect(Object.keys(parse(index).entries).sort()).toEqual(['httpchart', 'ocichart']);
    expect(index).not.toMatch(/artifacthub\.io|repositoryID|new@example/);
  });

  it('a private repository hides it like everything else', async () => {
    const repo = await repositoryWithCharts({ visibility: 'private' });
    await listed(repo);
    const path = `/repositories/${repo}/artifacthub-repo.yml`;
    const unknown = `/repositories/default/no-such-repo/artifacthub-repo.yml`;
    const anonymous = await request('GET', path, { auth: false });
    const anonymousUnknown = await request('GET', unknown, { auth: false });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.text()).toBe(await anonymousUnknown.text());
    const stranger = await createToken({
      name: 's',
      scopes: [{ repository: 'default/other', actions: ['read'] }],
    });
    const asStranger = { auth: false, headers: { authorization: `Bearer ${stranger.secret}` } };
    const hidden = await request('GET', path, asStranger);
    const hiddenUnknown = await request('GET', unknown, asStranger);
    expect(hidden.status).toBe(404);
    expect(await hidden.text()).toBe(
      (await hiddenUnknown.text()).replace('no-such-repo', repo.split('/')[1]!),
    );
    const reader = await createToken({
      name: 'r',
      scopes: [{ repository: repo, actions: ['read'] }],
    });
    const ok = await request('GET', path, {
      auth: false,
      headers: { authorization: `Bearer ${reader.secret}` },
    });
    expect(ok.status).toBe(200);
    expect(parse(await ok.text())).toEqual({ repositoryID: REPOSITORY_ID, owners });
  });
});

describe('the artifacthub.io OCI tag', () => {
  it('is an artifact with the documented media types, for every chart of the repository', async () => {
    const repo = await repositoryWithCharts();
    await listed(repo);
    const file = await (await request('GET', `/repositories/${repo}/artifacthub-repo.yml`)).text();
    let first: string | null = null;
    for (const chart of ['ocichart', 'httpchart']) {
      const { res, text } = await manifestOf(repo, chart);
      expect(res.status, text).toBe(200);
      expect(res.headers.get('content-type')).toBe(OCI_MANIFEST);
      const digest = await sha256(text);
      expect(res.headers.get('docker-content-digest')).toBe(digest);
      expect(res.headers.get('content-length')).toBe(
        String(new TextEncoder().encode(text).byteLength),
      );
      // The same settings: the same bytes under every chart, and on every read.
      first ??= digest;
      expect(digest).toBe(first);
      const manifest = JSON.parse(text);
      expect(manifest).toEqual({
        schemaVersion: 2,
        mediaType: OCI_MANIFEST,
        config: { mediaType: CONFIG_TYPE, digest: await sha256('{}'), size: 2 },
        layers: [
          {
            mediaType: LAYER_TYPE,
            digest: await sha256(file),
            size: new TextEncoder().encode(file).byteLength,
            annotations: { 'org.opencontainers.image.title': 'artifacthub-repo.yml' },
          },
        ],
      });

      const byDigest = await manifestOf(repo, chart, digest);
      expect(byDigest.res.status).toBe(200);
      expect(byDigest.text).toBe(text);
      expect(byDigest.res.headers.get('cache-control')).toMatch(/immutable/);
      for (const reference of ['artifacthub.io', digest]) {
        const head = await request('HEAD', `/v2/${repo}/${chart}/manifests/${reference}`);
        expect(head.status).toBe(200);
        expect(head.headers.get('docker-content-digest')).toBe(digest);
        expect(await head.text()).toBe('');
      }

      const config = await request('GET', `/v2/${repo}/${chart}/blobs/${manifest.config.digest}`);
      expect(config.status).toBe(200);
      expect(await config.text()).toBe('{}');
      const layer = await request('GET', `/v2/${repo}/${chart}/blobs/${manifest.layers[0].digest}`);
      expect(layer.status).toBe(200);
      expect(layer.headers.get('docker-content-digest')).toBe(manifest.layers[0].digest);
      expect(await layer.text()).toBe(file);
      const head = await request('HEAD', `/v2/${repo}/${chart}/blobs/${manifest.layers[0].digest}`);
      expect(head.status).toBe(200);
      expect(head.headers.get('content-length')).toBe(String(manifest.layers[0].size));
      const ranged = await request(
        'GET',
        `/v2/${repo}/${chart}/blobs/${manifest.layers[0].digest}`,
        {
          headers: { range: 'bytes=0-4' },
        },
      );
      expect(ranged.status).toBe(206);
      expect(await ranged.text()).toBe(file.slice(0, 5));
      expect(
        (
          await request('GET', `/v2/${repo}/${chart}/blobs/${manifest.layers[0].digest}`, {
            headers: { range: 'bytes=99999-' },
          })
        ).status,
      ).toBe(416);
    }
    // Not under a name that does not exist.
    await expectOciError((await manifestOf(repo, 'nochart')).res, 404, 'NAME_UNKNOWN');
  });

  it('is in tags/list (once, in lexical order, paged), never a chart version', async () => {
    const repo = await repositoryWithCharts();
    await pushChartOci(
      repo,
      'ocichart',
      await buildChart({ name: 'ocichart', version: '2.0.0' }),
      '2.0.0',
      {
        expectStatus: 201,
      },
    );
    expect(await tags(repo, 'ocichart')).toEqual(['1.0.0', '2.0.0']);
    await listed(repo);
    expect(await tags(repo, 'ocichart')).toEqual(['1.0.0', '2.0.0', 'artifacthub.io']);
    expect(await tags(repo, 'httpchart')).toEqual(['0.1.0', 'artifacthub.io']);
    expect(await tags(repo, 'ocichart', '?n=2')).toEqual(['1.0.0', '2.0.0']);
    expect(await tags(repo, 'ocichart', '?n=2&last=2.0.0')).toEqual(['artifacthub.io']);
    expect(await tags(repo, 'ocichart', '?last=artifacthub.io')).toEqual([]);

    const index = parse(
      await responseText(await request('GET', `/repositories/${repo}/index.yaml`)),
    );
    expect(index.entries.ocichart.map((v: { version: string }) => v.version)).toEqual([
      '2.0.0',
      '1.0.0',
    ]);
    const versions = (await (
      await request('GET', `/repositories/${repo}/api/charts/ocichart`)
    ).json()) as {
      version: string;
    }[];
    expect(versions.map((v) => v.version)).toEqual(['2.0.0', '1.0.0']);
    const admin = (await (
      await api('GET', `/api/repositories/${await repositoryId(env.DB, repo)}/versions`)
    ).json()) as {
      versions?: { version: string }[];
    };
    expect(JSON.stringify(admin)).not.toMatch(/artifacthub/);
    expect(
      (await request('GET', `/repositories/${repo}/api/charts/ocichart/artifacthub.io`)).status,
    ).toBe(404);
  });

  it('moves with the settings: a new digest when they change, gone when cleared', async () => {
    const repo = await repositoryWithCharts();
    await listed(repo);
    const before = await manifestOf(repo, 'ocichart');
    const oldDigest = before.res.headers.get('docker-content-digest')!;
    const oldLayer = JSON.parse(before.text).layers[0].digest as string;
    await listed(repo, { repositoryId: REPOSITORY_ID, owners: [{ email: 'other@example.com' }] });
    const after = await manifestOf(repo, 'ocichart');
    const newDigest = after.res.headers.get('docker-content-digest')!;
    expect(newDigest).not.toBe(oldDigest);
    await expectOciError(
      (await manifestOf(repo, 'ocichart', oldDigest)).res,
      404,
      'MANIFEST_UNKNOWN',
    );
    await expectOciError(
      await request('GET', `/v2/${repo}/ocichart/blobs/${oldLayer}`),
      404,
      'BLOB_UNKNOWN',
    );
    const layer = JSON.parse(after.text).layers[0].digest as string;
    expect(
      parse(await (await request('GET', `/v2/${repo}/ocichart/blobs/${layer}`)).text()),
    ).toEqual({
      repositoryID: REPOSITORY_ID,
      owners: [{ email: 'other@example.com' }],
    });

    await listed(repo, null);
    await expectOciError((await manifestOf(repo, 'ocichart')).res, 404, 'MANIFEST_UNKNOWN');
    await expectOciError(
      (await manifestOf(repo, 'ocichart', newDigest)).res,
      404,
      'MANIFEST_UNKNOWN',
    );
    expect(await tags(repo, 'ocichart')).toEqual(['1.0.0']);
  });

  it('a push of the tag is refused while the registry serves it, a client’s own before', async () => {
    const repo = await repositoryWithCharts();
    // Without settings the tag is the client's (`oras push …:artifacthub.io`).
    const name = `${repo}/ocichart`;
    const yamlText = `repositoryID: ${REPOSITORY_ID}\n`;
    const config = '{}';
    await pushBlob(name, config);
    await pushBlob(name, yamlText);
    const pushed = JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: { mediaType: CONFIG_TYPE, digest: await sha256(config), size: 2 },
      layers: [{ mediaType: LAYER_TYPE, digest: await sha256(yamlText), size: yamlText.length }],
    });
    const put = () =>
      request('PUT', `/v2/${name}/manifests/artifacthub.io`, {
        body: pushed,
        headers: { 'content-type': OCI_MANIFEST },
      });
    expect((await put()).status).toBe(201);
    expect((await manifestOf(repo, 'ocichart')).text).toBe(pushed);
    expect(await tags(repo, 'ocichart')).toEqual(['1.0.0', 'artifacthub.io']);
    expect((await request('GET', `/repositories/${repo}/api/charts/ocichart`)).status).toBe(200);
    expect(
      JSON.stringify(
        await (await request('GET', `/repositories/${repo}/api/charts/ocichart`)).json(),
      ),
    ).not.toMatch(/artifacthub/);

    // With settings, the registry's artifact wins, and a push is refused saying why.
    await listed(repo);
    const served = await manifestOf(repo, 'ocichart');
    expect(served.text).not.toBe(pushed);
    expect(JSON.parse(served.text).layers[0].annotations).toBeDefined();
    expect(await tags(repo, 'ocichart')).toEqual(['1.0.0', 'artifacthub.io']);
    const refused = await put();
    const text = await refused.clone().text();
    await expectOciError(refused, 409, 'DENIED');
    expect(text).toMatch(/Artifact Hub settings/);
    // The stored one stays reachable by its digest.
    expect((await manifestOf(repo, 'ocichart', await sha256(pushed))).text).toBe(pushed);
  });

  it('a private repository hides it like any other content', async () => {
    const repo = await repositoryWithCharts({ visibility: 'private' });
    await listed(repo);
    const { text } = await manifestOf(repo, 'ocichart');
    const manifest = JSON.parse(text);
    const digest = await sha256(text);
    const anonymous = await anonymousPull(`repository:${repo}/ocichart:pull`);
    const hiddenAs = async (options: RequestOptions) => {
      for (const path of [
        `manifests/artifacthub.io`,
        `manifests/${digest}`,
        `blobs/${manifest.layers[0].digest}`,
        `blobs/${manifest.config.digest}`,
        'tags/list',
      ]) {
        const res = await request('GET', `/v2/${repo}/ocichart/${path}`, options);
        const unknown = await request('GET', `/v2/default/no-such-repo/ocichart/${path}`, options);
        expect(res.status, path).toBe(unknown.status);
        expect(res.status, path).toBeGreaterThanOrEqual(401);
      }
    };
    await hiddenAs(anonymous);
    await hiddenAs({ auth: false });
    const stranger = await createToken({
      name: 's',
      scopes: [{ repository: 'default/other', actions: ['read'] }],
    });
    await hiddenAs({ auth: false, headers: { authorization: `Bearer ${stranger.secret}` } });
    const reader = await createToken({
      name: 'r',
      scopes: [{ repository: repo, actions: ['read'] }],
    });
    const asReader = { auth: false, headers: { authorization: `Bearer ${reader.secret}` } };
    const read = await request('GET', `/v2/${repo}/ocichart/manifests/artifacthub.io`, asReader);
    expect(read.status).toBe(200);
    expect(read.headers.get('cache-control')).toBeNull();
    const byDigest = await request('GET', `/v2/${repo}/ocichart/manifests/${digest}`, asReader);
    expect(byDigest.headers.get('cache-control')).toMatch(/^private/);
    expect(
      (await request('GET', `/v2/${repo}/ocichart/blobs/${manifest.layers[0].digest}`, asReader))
        .status,
    ).toBe(200);
  });

  // tags/list is its two queries as before (the name, then its tags with the artifacthub.io tag).
  it('costs one D1 query per read, and nothing more for stored content or its misses', async () => {
    const repo = await repositoryWithCharts();
    await listed(repo);
    const d1 = (res: Response) => Number(res.headers.get('x-storage-d1'));
    const { res, text } = await manifestOf(repo, 'ocichart');
    expect(d1(res)).toBe(1);
    const manifest = JSON.parse(text);
    for (const path of [
      `manifests/${await sha256(text)}`,
      `blobs/${manifest.layers[0].digest}`,
      `blobs/${manifest.config.digest}`,
      `manifests/${'sha256:' + '0'.repeat(64)}`,
      `blobs/${'sha256:' + '0'.repeat(64)}`,
      'manifests/1.0.0',
    ]) {
      const read = await request('GET', `/v2/${repo}/ocichart/${path}`);
      await read.arrayBuffer();
      expect(d1(read), path).toBe(1);
      expect(Number(read.headers.get('x-storage-r2')), path).toBe(0);
    }
  });
});
