/** `/admin/repositories/:id`: a repository's settings, and its deletion with a confirmation step (admins). */
import type { Context } from 'hono';
import { parseInput } from '../../admin/body';
import {
  changeRepository,
  dropRepository,
  repositoryUpdate,
} from '../../admin/handlers/repositories';
import { ARTIFACTHUB_TAG } from '../../core/artifacthub';
import type { AdminRepositoryRow } from '../../storage/admin-db';
import { toArtifactHubListing } from '../../storage/artifacthub-db';
import { adminPage, CsrfField, FormError, seeOther } from './admin-frame';
import { formRefusal, ownerLine, ownersText, repositorySettingsInput } from './form-input';
import type { AdminPageEnv } from './page-access';
import { ArtifactHubFields, SettingsFields } from './repository-fields';

/** The stored listing, as README "Artifact Hub" serves it: the file's link, or the OCI tag. */
function ArtifactHubSummary({ r }: { r: AdminRepositoryRow }) {
  const listing = toArtifactHubListing(r);
  if (!listing) return <p>Not listed: no Artifact Hub repository ID is set.</p>;
  const file = `/repositories/${r.storage}/${r.name}/artifacthub-repo.yml`;
  return (
    <>
      <p>
        Repository ID: <code>{listing.repositoryId}</code>
      </p>
      <p>
        {listing.owners.length === 0
          ? 'No owners.'
          : `Owners: ${listing.owners.map(ownerLine).join(', ')}.`}
      </p>
      <p>
        {r.mode === 'oci' ? (
          <>
            Served over OCI as the tag <code>{ARTIFACTHUB_TAG}</code> of each chart (the HTTP
            repository is off).
          </>
        ) : (
          <>
            Served as <a href={file}>artifacthub-repo.yml</a>
            {r.mode === 'hybrid' ? (
              <>
                {' '}
                and over OCI as the tag <code>{ARTIFACTHUB_TAG}</code> of each chart
              </>
            ) : null}
            .
          </>
        )}
      </p>
    </>
  );
}

/** The page; after a refused form, that form's values (so a typo can be fixed), else the stored ones. */
function render(c: Context<AdminPageEnv>, error?: string, status?: 400) {
  const r = c.var.adminRepository;
  const name = `${r.storage}/${r.name}`;
  const sent = error === undefined ? undefined : c.var.form;
  const listing = toArtifactHubListing(r);
  return adminPage(
    c,
    `Repository ${name}`,
    <section aria-labelledby="repository-heading">
      <h1 id="repository-heading">Repository {name}</h1>
      <p>
        <a href={`/admin/repositories/${r.id}/versions`}>Chart versions</a> ·{' '}
        <a href={`/repositories/${r.storage}/${r.name}`}>Public page</a>
      </p>
      <h2 id="artifacthub-heading">Artifact Hub</h2>
      <ArtifactHubSummary r={r} />
      <form method="post" action={`/admin/repositories/${r.id}`} aria-labelledby="settings-heading">
        <h2 id="settings-heading">Settings</h2>
        <FormError message={error} />
        <CsrfField session={c.var.session} />
        <SettingsFields
          mode={r.mode}
          visibility={r.visibility}
          allowOverwrite={r.allow_overwrite !== 0}
        />
        <ArtifactHubFields
          repositoryId={sent?.get('artifactHubRepositoryId') ?? listing?.repositoryId ?? ''}
          owners={sent?.get('artifactHubOwners') ?? ownersText(listing?.owners ?? [])}
        />
        <button type="submit">Save settings</button>
      </form>
      <h2>Delete</h2>
      <p>
        <a class="button secondary" href={`/admin/repositories/${r.id}/delete`}>
          Delete this repository…
        </a>
      </p>
    </section>,
    status,
  );
}

export function getRepositoryPage(c: Context<AdminPageEnv>) {
  return render(c);
}

/** `POST`: the API's PATCH schema and changeRepository. */
export async function postRepositorySettings(c: Context<AdminPageEnv>) {
  const r = c.var.adminRepository;
  try {
    await changeRepository(
      c.env.DB,
      r.id,
      parseInput(repositoryUpdate, repositorySettingsInput(c.var.form)),
    );
  } catch (err) {
    return render(c, formRefusal(err).message, 400);
  }
  return seeOther(c, `/admin/repositories/${r.id}`, 'repository-saved');
}

/** `GET …/delete`: the confirmation step. */
export function getDeleteRepository(c: Context<AdminPageEnv>) {
  const r = c.var.adminRepository;
  const name = `${r.storage}/${r.name}`;
  return adminPage(
    c,
    `Delete ${name}`,
    <section aria-labelledby="delete-heading">
      <h1 id="delete-heading">Delete {name}?</h1>
      <p class="lead">
        Every chart version in it goes, over both protocols, and its index with them. This cannot be
        undone.
      </p>
      <form method="post" action={`/admin/repositories/${r.id}/delete`}>
        <CsrfField session={c.var.session} />
        <button type="submit">Delete {name}</button>{' '}
        <a href={`/admin/repositories/${r.id}`}>Cancel</a>
      </form>
    </section>,
  );
}

/** `POST …/delete`: dropRepository, as the API's DELETE. */
export async function postDeleteRepository(c: Context<AdminPageEnv>) {
  await dropRepository(c.env, c.executionCtx, c.var.adminRepository);
  return seeOther(c, '/admin/repositories', 'repository-deleted');
}
