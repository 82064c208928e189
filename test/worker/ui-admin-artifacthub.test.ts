// The Artifact Hub listing on the administration pages: set on the create form, shown and cleared
// on the repository page, artifacthub-repo.yml following; the API's own refusals on the form.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { request } from '../helpers/oci';
import {
  csrfToken,
  page,
  postForm,
  signIn,
  visibleText,
  type Browser,
} from '../helpers/ui-session';

const REPOSITORY_ID = '2d8a1f3c-4b5e-4f60-9a7b-8c9d0e1f2a3b';

async function html(res: Response, status = 200): Promise<string> {
  const text = await res.text();
  expect(res.status, text.slice(0, 2000)).toBe(status);
  return text;
}

async function post(browser: Browser, path: string, fields: Record<string, string>) {
  return postForm(path, { _csrf: await csrfToken(browser), ...fields }, browser);
}

const unique = () => `ah-${Math.random().toString(36).slice(2, 8)}`;

async function apiRepository(id: number): Promise<Record<string, unknown>> {
  return (await (await request('GET', `/api/repositories/${id}`)).json()) as Record<
    string,
    unknown
  >;
}

const repoFile = (name: string) =>
  request('GET', `/repositories/default/${name}/artifacthub-repo.yml`);

/** The file's text (decoded here: workerd warns on .text() of a YAML body). */
const textOf = async (res: Response) => new TextDecoder().decode(await res.arrayBuffer());

/** Creates `default/<name>` through the form; its id from the redirect. */
async function createWithForm(browser: Browser, name: string, fields: Record<string, string>) {
  const res = await post(browser, '/admin/repositories', { storage: 'default', name, ...fields });
  expect(res.status, await res.clone().text()).toBe(303);
  return Number(/^\/admin\/repositories\/(\d+)\?/.exec(res.headers.get('location')!)![1]);
}

describe('the Artifact Hub listing on the admin pages', () => {
  it('offers labelled fields on the create form', async () => {
    const form = await html(await page('/admin/repositories', await signIn()));
    expect(form).toContain('<label for="repo-ah-id">Artifact Hub repository ID</label>');
    expect(form).toMatch(/<input id="repo-ah-id" type="text" name="artifactHubRepositoryId"/);
    expect(form).toContain('<label for="repo-ah-owners">Owners</label>');
    expect(form).toMatch(/<textarea id="repo-ah-owners" name="artifactHubOwners"/);
  });

  it('creates with the setting, serves artifacthub-repo.yml, shows it, and clears it', async () => {
    const browser = await signIn();
    const name = unique();
    const id = await createWithForm(browser, name, {
      artifactHubRepositoryId: REPOSITORY_ID.toUpperCase(),
      artifactHubOwners: 'Platform "team" <platform@example.com>\r\n\r\nsecond@example.org\r\n',
    });
    const owners = [
      { name: 'Platform "team"', email: 'platform@example.com' },
      { email: 'second@example.org' },
    ];
    expect((await apiRepository(id)).artifactHub).toEqual({
      repositoryId: REPOSITORY_ID,
      owners,
    });
    const file = await repoFile(name);
    expect(file.status).toBe(200);
    expect(parse(await textOf(file))).toEqual({ repositoryID: REPOSITORY_ID, owners });

    // The repository page: the stored setting, a link to the file, and the form filled in.
    const shown = await html(await page(`/admin/repositories/${id}`, browser));
    expect(visibleText(shown)).toContain(
      `Repository ID: ${REPOSITORY_ID} Owners: Platform "team" <platform@example.com>, second@example.org.`,
    );
    expect(shown).toContain(`href="/repositories/default/${name}/artifacthub-repo.yml"`);
    expect(shown).toContain(`value="${REPOSITORY_ID}"`);
    expect(shown).toMatch(
      /name="artifactHubOwners"[^>]*>Platform &quot;team&quot; &lt;platform@example.com&gt;\nsecond@example.org<\/textarea>/,
    );

    // Saving the form as shown keeps the listing; an empty ID and owners clear it (null).
    const settings = { visibility: 'public', mode: 'hybrid' };
    const kept = await post(browser, `/admin/repositories/${id}`, {
      ...settings,
      artifactHubRepositoryId: REPOSITORY_ID,
      artifactHubOwners: 'Platform "team" <platform@example.com>\nsecond@example.org',
    });
    expect(kept.status).toBe(303);
    expect((await apiRepository(id)).artifactHub).toEqual({ repositoryId: REPOSITORY_ID, owners });

    const cleared = await post(browser, `/admin/repositories/${id}`, {
      ...settings,
      artifactHubRepositoryId: '',
      artifactHubOwners: '',
    });
    expect(cleared.status).toBe(303);
    expect((await apiRepository(id)).artifactHub).toBeNull();
    expect((await repoFile(name)).status).toBe(404);
    expect(visibleText(await html(await page(`/admin/repositories/${id}`, browser)))).toContain(
      'Not listed: no Artifact Hub repository ID is set.',
    );
  });

  it('shows the API’s refusal on the create form and stores nothing', async () => {
    const browser = await signIn();
    for (const [fields, message] of [
      [
        { artifactHubRepositoryId: 'not-a-uuid' },
        'artifactHub.repositoryId: must be an Artifact Hub repository ID (a UUID)',
      ],
      [
        { artifactHubRepositoryId: REPOSITORY_ID, artifactHubOwners: 'Name <not-an-email>' },
        'artifactHub.owners.0.email: must be an email address (name@example.com)',
      ],
      [
        { artifactHubOwners: 'owner@example.com' },
        'artifactHub.repositoryId: must be an Artifact Hub repository ID (a UUID)',
      ],
      [
        {
          artifactHubRepositoryId: REPOSITORY_ID,
          artifactHubOwners: Array.from({ length: 21 }, (_, i) => `o${i}@example.com`).join('\n'),
        },
        'artifactHub.owners: at most 20 owners',
      ],
    ] as const) {
      const name = unique();
      const res = await post(browser, '/admin/repositories', {
        storage: 'default',
        name,
        ...fields,
      });
      const body = await html(res, 400);
      expect(visibleText(body)).toContain(message);
      expect(visibleText(body)).toContain('New repository'); // still the form, as sent
      expect(body).toContain(`value="${name}"`);
      const list = (await (await request('GET', '/api/repositories')).json()) as { name: string }[];
      expect(list.map((r) => r.name)).not.toContain(name);
      expect((await repoFile(name)).status).toBe(404);
    }
  });

  it('shows the API’s refusal on the edit form and keeps the stored listing', async () => {
    const browser = await signIn();
    const name = unique();
    const id = await createWithForm(browser, name, {
      artifactHubRepositoryId: REPOSITORY_ID,
      artifactHubOwners: 'owner@example.com',
    });
    const before = await textOf(await repoFile(name));
    for (const [fields, message] of [
      [
        { artifactHubRepositoryId: '2d8a1f3c-4b5e-4f60-9a7b', artifactHubOwners: '' },
        'artifactHub.repositoryId: must be an Artifact Hub repository ID (a UUID)',
      ],
      [
        { artifactHubRepositoryId: REPOSITORY_ID, artifactHubOwners: 'Name owner@example.com' },
        'artifactHub.owners.0.email: must be an email address (name@example.com)',
      ],
    ] as const) {
      const res = await post(browser, `/admin/repositories/${id}`, {
        visibility: 'private',
        mode: 'hybrid',
        ...fields,
      });
      const body = await html(res, 400);
      expect(visibleText(body)).toContain(message);
      expect(body).toContain(`value="${fields.artifactHubRepositoryId}"`); // what was sent, to fix
      expect(await apiRepository(id)).toMatchObject({
        visibility: 'public',
        artifactHub: { repositoryId: REPOSITORY_ID, owners: [{ email: 'owner@example.com' }] },
      });
      expect(await textOf(await repoFile(name))).toBe(before);
    }
  });
});
