// The administration pages through the Worker: each page shows and allows what decideAccess
// allows, forms post and redirect (303), and the API's own validation speaks on the forms.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { basic, createToken } from '../helpers/auth';
import { buildChart, createRepository, putChartHttp, repositoryId } from '../helpers/charts';
import { request } from '../helpers/oci';
import {
  csrfToken,
  page,
  postForm,
  signIn,
  visibleText,
  type Browser,
} from '../helpers/ui-session';

async function html(res: Response, status = 200): Promise<string> {
  const text = await res.text();
  expect(res.status, text.slice(0, 2000)).toBe(status);
  return text;
}

async function withVersion(visibility: 'public' | 'private' = 'public') {
  const repo = await createRepository(env.DB, { visibility });
  const archive = await buildChart({ name: 'web', version: '1.0.0' });
  expect((await putChartHttp(repo, archive, 'web-1.0.0.tgz')).status).toBe(201);
  return { repo, id: await repositoryId(env.DB, repo) };
}

async function post(browser: Browser, path: string, fields: Record<string, string | string[]>) {
  return postForm(path, { _csrf: await csrfToken(browser), ...fields }, browser);
}

describe('admin pages for an admin', () => {
  it('shows storage use per storage and per repository', async () => {
    const { repo, id } = await withVersion();
    const text = visibleText(await html(await page('/admin', await signIn())));
    expect(text).toMatch(
      /Storages Storage R2 binding Repositories Blobs Size default BLOBS \d+ \d+ /,
    );
    const row = new RegExp(`${repo} public 1 1 (\\d+) [\\d.]+ (bytes|KiB)`);
    expect(text).toMatch(row);
    expect(await html(await page('/admin', await signIn()))).toContain(
      `href="/admin/repositories/${id}/versions"`,
    );
  });

  it('creates, edits and deletes a repository (with a confirmation step)', async () => {
    const browser = await signIn();
    const name = `ui-${Math.random().toString(36).slice(2, 8)}`;
    const created = await post(browser, '/admin/repositories', {
      storage: 'default',
      name,
      visibility: 'private',
      mode: 'oci',
    });
    expect(created.status).toBe(303);
    const location = created.headers.get('location')!;
    expect(location).toMatch(/^\/admin\/repositories\/\d+\?notice=repository-created$/);
    const id = Number(/(\d+)/.exec(location)![1]);
    const api = async () =>
      (await (await request('GET', `/api/repositories/${id}`)).json()) as Record<string, unknown>;
    expect(await api()).toMatchObject({
      name,
      visibility: 'private',
      mode: 'oci',
      allowOverwrite: false,
    });
    expect(visibleText(await html(await page(location, browser)))).toContain(
      'The repository was created.',
    );

    // The API's messages on the form: a taken name (409), a bad name (400), an unknown storage (404).
    for (const [fields, status, message] of [
      [{ storage: 'default', name }, 409, `repository default/${name} already exists`],
      [{ storage: 'default', name: 'Bad Name' }, 400, 'repository name "Bad Name" is not allowed'],
      [{ storage: 'nowhere', name: 'x' }, 404, 'storage nowhere not found'],
      [{ storage: 'default', name: 'y', visibility: 'secret' }, 400, 'visibility:'],
    ] as const) {
      const res = await post(browser, '/admin/repositories', fields);
      const text = visibleText(await html(res, status));
      expect(text).toContain(message);
      expect(text).toContain('New repository'); // still the form
    }

    const saved = await post(browser, `/admin/repositories/${id}`, {
      visibility: 'public',
      mode: 'hybrid',
      allowOverwrite: 'on',
    });
    expect(saved.status).toBe(303);
    expect(await api()).toMatchObject({
      visibility: 'public',
      mode: 'hybrid',
      allowOverwrite: true,
    });

    const confirm = visibleText(
      await html(await page(`/admin/repositories/${id}/delete`, browser)),
    );
    expect(confirm).toContain(`Delete default/${name}?`);
    expect((await request('GET', `/api/repositories/${id}`)).status).toBe(200); // the GET changed nothing
    const deleted = await post(browser, `/admin/repositories/${id}/delete`, {});
    expect(deleted.status).toBe(303);
    expect(deleted.headers.get('location')).toBe('/admin/repositories?notice=repository-deleted');
    expect((await request('GET', `/api/repositories/${id}`)).status).toBe(404);
  });

  it('creates a token whose secret is shown once and works, then revokes it', async () => {
    const browser = await signIn();
    const { repo } = await withVersion('private');
    const res = await post(browser, '/admin/tokens', {
      name: 'ci-ui',
      kind: 'scoped',
      scope0: repo,
      actions0: ['read', 'write'],
      expiresInSeconds: '86400',
    });
    const body = await html(res, 201);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const secret = /<pre id="token-secret"[^>]*>(hrt_[a-z0-9]{12}_[A-Za-z0-9_-]{32})<\/pre>/.exec(
      body,
    )?.[1];
    expect(secret, body).toBeTruthy();
    const id = secret!.slice(4, 16);
    const index = await request('GET', `/repositories/${repo}/index.yaml`, {
      auth: false,
      headers: { authorization: basic(id, secret!) },
    });
    expect(index.status).toBe(200);
    const token = (await (await request('GET', `/api/tokens/${id}`)).json()) as Record<
      string,
      unknown
    >;
    expect(token).toMatchObject({
      name: 'ci-ui',
      admin: false,
      state: 'active',
      scopes: [{ repository: repo, actions: ['read', 'write'] }],
    });
    expect(token.expiresAt).not.toBeNull();

    // The list never shows a secret again.
    const list = await html(await page('/admin/tokens', browser));
    expect(list).toContain(`<code>${id}</code>`);
    expect(list).not.toContain(secret!);

    const revoked = await post(browser, `/admin/tokens/${id}/revoke`, {});
    expect(revoked.status).toBe(303);
    expect(revoked.headers.get('location')).toBe('/admin/tokens?notice=token-revoked');
    const after = await request('GET', `/repositories/${repo}/index.yaml`, {
      auth: false,
      headers: { authorization: basic(id, secret!) },
    });
    expect(after.status).toBe(401);
    expect((await post(browser, '/admin/tokens/zzzzzzzzzzzz/revoke', {})).status).toBe(404);
  });

  it('shows the API’s token validation on the form', async () => {
    const browser = await signIn();
    for (const [fields, message] of [
      [
        { name: 'a', kind: 'scoped', scope0: 'nope', actions0: 'read' },
        'scope repository "nope" must be "<storage>/<repository>" or "*"',
      ],
      [{ name: 'a', kind: 'scoped' }, 'a token needs scopes, or admin: true'],
      [
        { name: 'a', kind: 'admin', scope0: 'default/charts', actions0: 'read' },
        'a token is either admin: true or has scopes, not both',
      ],
      [{ name: '', kind: 'admin' }, 'name:'],
      [
        { name: 'a', kind: 'scoped', scope0: 'default/charts', actions0: 'push' },
        'scopes.0.actions.0:',
      ],
      [{ name: 'a', kind: 'admin', expiresInSeconds: '-5' }, 'expiresInSeconds:'],
    ] as const) {
      const before = await env.DB.prepare('SELECT count(*) AS n FROM access_tokens').first<number>(
        'n',
      );
      const text = visibleText(await html(await post(browser, '/admin/tokens', fields), 400));
      expect(text).toContain(message);
      expect(text).toContain('New token');
      expect(
        await env.DB.prepare('SELECT count(*) AS n FROM access_tokens').first<number>('n'),
      ).toBe(before);
    }
  });

  it('deletes a chart version from both protocols', async () => {
    const browser = await signIn();
    const { repo, id } = await withVersion();
    const list = await html(await page(`/admin/repositories/${id}/versions`, browser));
    expect(list).toContain('aria-label="Delete web 1.0.0"');
    const res = await post(browser, `/admin/repositories/${id}/versions/delete`, {
      chart: 'web',
      version: '1.0.0',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(
      `/admin/repositories/${id}/versions?notice=version-deleted`,
    );
    const index = await (await request('GET', `/repositories/${repo}/index.yaml`)).text();
    expect(index).not.toContain('web');
    const again = await post(browser, `/admin/repositories/${id}/versions/delete`, {
      chart: 'web',
      version: '1.0.0',
    });
    expect(again.headers.get('location')).toBe(
      `/admin/repositories/${id}/versions?notice=version-missing`,
    );
  });
});

describe('admin pages for a token with delete on one repository', () => {
  it('shows that repository’s versions with delete buttons, and nothing else', async () => {
    const mine = await withVersion('private');
    const secret = await withVersion('private');
    const open = await withVersion('public');
    const token = await createToken({
      name: 'deleter',
      scopes: [{ repository: mine.repo, actions: ['delete'] }],
    });
    const browser = await signIn(token.secret);

    const overview = await html(await page('/admin', browser));
    expect(overview).toContain(`href="/admin/repositories/${mine.id}/versions"`);
    expect(overview).not.toContain(`/admin/repositories/${open.id}/`);
    expect(overview).not.toContain('href="/admin/tokens"');
    expect(overview).not.toContain('Storages');

    for (const path of [
      '/admin/tokens',
      '/admin/repositories',
      `/admin/repositories/${mine.id}`,
      `/admin/repositories/${mine.id}/delete`,
    ]) {
      const res = await page(path, browser);
      expect(res.status, path).toBe(403);
      expect(visibleText(await res.text())).toContain('This page needs an admin token.');
    }
    expect((await post(browser, '/admin/tokens', { name: 'x', kind: 'admin' })).status).toBe(403);
    expect((await post(browser, `/admin/repositories/${mine.id}/delete`, {})).status).toBe(403);

    expect(await html(await page(`/admin/repositories/${mine.id}/versions`, browser))).toContain(
      'aria-label="Delete web 1.0.0"',
    );
    // A private repository without a grant is the one not-found page; a public one is readable, without delete.
    expect((await page(`/admin/repositories/${secret.id}/versions`, browser)).status).toBe(404);
    expect((await page('/admin/repositories/99999999/versions', browser)).status).toBe(404);
    const publicList = await html(await page(`/admin/repositories/${open.id}/versions`, browser));
    expect(publicList).toContain('web');
    expect(publicList).not.toContain('aria-label="Delete');
    const refused = await post(browser, `/admin/repositories/${open.id}/versions/delete`, {
      chart: 'web',
      version: '1.0.0',
    });
    expect(refused.status).toBe(403);
    expect(
      (
        await post(browser, `/admin/repositories/${secret.id}/versions/delete`, {
          chart: 'web',
          version: '1.0.0',
        })
      ).status,
    ).toBe(404);
    expect(await (await request('GET', `/repositories/${open.repo}/index.yaml`)).text()).toContain(
      'web',
    );

    const ok = await post(browser, `/admin/repositories/${mine.id}/versions/delete`, {
      chart: 'web',
      version: '1.0.0',
    });
    expect(ok.headers.get('location')).toBe(
      `/admin/repositories/${mine.id}/versions?notice=version-deleted`,
    );
  });

  it('shows a read-only token no delete button and nothing to change', async () => {
    const mine = await withVersion('private');
    const token = await createToken({
      name: 'reader',
      scopes: [{ repository: mine.repo, actions: ['read'] }],
    });
    const browser = await signIn(token.secret);
    expect(visibleText(await html(await page('/admin', browser)))).toContain(
      'This token may not change anything here.',
    );
    const list = await html(await page(`/admin/repositories/${mine.id}/versions`, browser));
    expect(list).toContain('web');
    expect(list).not.toContain('aria-label="Delete');
  });
});
