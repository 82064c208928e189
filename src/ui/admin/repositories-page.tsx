/** `/admin/repositories`: the list and the create form (admins). */
import { DataTable } from '../parts/data-table';
import type { Context } from 'hono';
import { parseInput } from '../../admin/body';
import { addRepository, newRepository } from '../../admin/handlers/repositories';
import { readableRepositories } from '../../auth/principal';
import { listRepositories, listStorages, type StorageRow } from '../../storage/admin-db';
import type { PageEnv } from '../session/page-env';
import { adminPage, CsrfField, FormError, seeOther } from './admin-frame';
import { formRefusal, repositoryInput } from './form-input';
import { ArtifactHubFields, SettingsFields } from './repository-fields';

interface CreateFormProps {
  storages: StorageRow[];
  csrf: PageEnv['Variables']['session'];
  error?: string;
  values?: URLSearchParams;
}

function CreateForm({ storages, csrf, error, values }: CreateFormProps) {
  return (
    <form method="post" action="/admin/repositories" aria-labelledby="create-heading">
      <h2 id="create-heading">New repository</h2>
      <FormError message={error} />
      <CsrfField session={csrf} />
      <p>
        <label for="repo-storage">Storage</label>
        <br />
        <select id="repo-storage" name="storage">
          {storages.map((s) => (
            <option value={s.name} selected={values?.get('storage') === s.name}>
              {s.name}
            </option>
          ))}
        </select>
      </p>
      <p>
        <label for="repo-name">Name</label>
        <br />
        <input
          id="repo-name"
          type="text"
          name="name"
          required
          maxlength={63}
          value={values?.get('name') ?? ''}
        />
        <br />
        <span class="muted">Lower case letters and digits, with single “.”, “_” or “-”.</span>
      </p>
      <SettingsFields
        mode={values?.get('mode') ?? 'hybrid'}
        visibility={values?.get('visibility') ?? 'public'}
        allowOverwrite={values?.get('allowOverwrite') === 'on'}
      />
      <ArtifactHubFields
        repositoryId={values?.get('artifactHubRepositoryId') ?? ''}
        owners={values?.get('artifactHubOwners') ?? ''}
      />
      <button type="submit">Create repository</button>
    </form>
  );
}

async function render(
  c: Context<PageEnv>,
  form?: { error: string; values: URLSearchParams; status: 400 | 404 | 409 },
) {
  const [rows, storages] = await Promise.all([
    listRepositories(c.env.DB, readableRepositories(c.var.principal)),
    listStorages(c.env.DB),
  ]);
  return adminPage(
    c,
    'Repositories',
    <section aria-labelledby="repositories-heading">
      <h1 id="repositories-heading">Repositories</h1>
      <DataTable columns={['Repository', 'Visibility', 'Mode', 'Overwrite', 'Chart versions']}>
        {rows.map((r) => (
          <tr>
            <td>
              <a href={`/admin/repositories/${r.id}`}>
                {r.storage}/{r.name}
              </a>
            </td>
            <td>{r.visibility}</td>
            <td>{r.mode}</td>
            <td>{r.allow_overwrite ? 'allowed' : 'no'}</td>
            <td>
              <a href={`/admin/repositories/${r.id}/versions`}>Versions</a>
            </td>
          </tr>
        ))}
      </DataTable>
      <CreateForm
        storages={storages}
        csrf={c.var.session}
        error={form?.error}
        values={form?.values}
      />
    </section>,
    form?.status,
  );
}

export function getRepositoriesPage(c: Context<PageEnv>) {
  return render(c);
}

/** `POST`: the API's schema and addRepository; its refusals (400, 404, 409) shown on the form. */
export async function postRepository(c: Context<PageEnv>) {
  try {
    const row = await addRepository(
      c.env.DB,
      parseInput(newRepository, repositoryInput(c.var.form)),
    );
    return seeOther(c, `/admin/repositories/${row.id}`, 'repository-created');
  } catch (err) {
    const { status, message } = formRefusal(err);
    return render(c, { error: message, values: c.var.form, status: status as 400 | 404 | 409 });
  }
}
