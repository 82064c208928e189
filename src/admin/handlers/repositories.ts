/** `/api/repositories` and `/api/repositories/:id` (alias `/api/repository/:id`): repositories and their settings. */
import type { Context } from 'hono';
import * as z from 'zod/mini';
import type { AppEnv } from '../../app-env';
import { artifactHubSetting } from '../../artifacthub/settings';
import { readableRepositories } from '../../auth/principal';
import { ApiError } from '../../errors/api-error';
import { MAX_REPOSITORY_NAME_LENGTH } from '../../oci/name-lengths';
import { isNameComponent } from '../../oci/reference';
import {
  deleteRepository,
  findRepositoryById,
  insertRepository,
  listRepositories,
  updateRepository,
  type AdminRepositoryRow,
} from '../../storage/admin-db';
import { setArtifactHubListing, toArtifactHubListing } from '../../storage/artifacthub-db';
import { deleteIndexObjects } from '../../storage/index-objects';
import { jsonBody } from '../body';
import type { AdminEnv } from '../guards';

export const presentRepository = (r: AdminRepositoryRow) => ({
  id: r.id,
  storage: r.storage,
  name: r.name,
  mode: r.mode,
  visibility: r.visibility,
  allowOverwrite: r.allow_overwrite !== 0,
  createdAt: new Date(r.created_at * 1000).toISOString(),
  updatedAt: r.index_updated_at,
  artifactHub: toArtifactHubListing(r),
});

const settings = {
  mode: z.optional(z.enum(['hybrid', 'http', 'oci'])),
  visibility: z.optional(z.enum(['public', 'private'])),
  allowOverwrite: z.optional(z.boolean()),
  artifactHub: z.optional(artifactHubSetting),
};
export const newRepository = z.object({ storage: z.string(), name: z.string(), ...settings });
export const repositoryUpdate = z.object(settings);

/** The stored listing of a validated `artifactHub` setting (null clears it). */
const listingOf = (setting: z.infer<typeof artifactHubSetting>) =>
  setting && { repositoryId: setting.repositoryId, owners: setting.owners ?? [] };

/** Public repositories and those the caller may read. */
export async function getRepositories(c: Context<AppEnv>) {
  const rows = await listRepositories(c.env.DB, readableRepositories(c.var.principal));
  return c.json(rows.map(presentRepository));
}

/** Creates a repository from checked input (the API and the admin pages). */
export async function addRepository(
  db: D1Database,
  body: z.infer<typeof newRepository>,
): Promise<AdminRepositoryRow> {
  if (!isNameComponent(body.name) || body.name.length > MAX_REPOSITORY_NAME_LENGTH) {
    throw new ApiError(
      400,
      `repository name "${body.name}" is not allowed: lower-case [a-z0-9] with single ".", "_" or "-" separators, at most ${MAX_REPOSITORY_NAME_LENGTH} characters (so that <storage>/<repository>/<chart> fits an OCI name)`,
    );
  }
  const row = await insertRepository(db, body.storage, body.name, body);
  if (row === 'no-storage') throw new ApiError(404, `storage ${body.storage} not found`);
  if (row === 'exists')
    throw new ApiError(409, `repository ${body.storage}/${body.name} already exists`);
  if (body.artifactHub) {
    await setArtifactHubListing(db, row.id, listingOf(body.artifactHub)).run();
    return (await findRepositoryById(db, row.id))!;
  }
  return row;
}

export async function createRepository(c: Context<AppEnv>) {
  const row = await addRepository(c.env.DB, await jsonBody(c, newRepository));
  return c.json(presentRepository(row), 201);
}

export function getRepository(c: Context<AdminEnv>) {
  return c.json(presentRepository(c.var.adminRepository));
}

/** Changes a repository's settings from checked input (the API and the admin pages). */
export async function changeRepository(
  db: D1Database,
  id: number,
  body: z.infer<typeof repositoryUpdate>,
): Promise<AdminRepositoryRow> {
  await updateRepository(db, id, body);
  if (body.artifactHub !== undefined) {
    await setArtifactHubListing(db, id, listingOf(body.artifactHub)).run();
  }
  return (await findRepositoryById(db, id))!;
}

export async function patchRepository(c: Context<AdminEnv>) {
  const body = await jsonBody(c, repositoryUpdate);
  return c.json(
    presentRepository(await changeRepository(c.env.DB, c.var.adminRepository.id, body)),
  );
}

/** Deletes a repository and, after the answer, its cached indexes (the API and the admin pages). */
export async function dropRepository(
  env: Env,
  ctx: { waitUntil(promise: Promise<unknown>): void },
  repository: AdminRepositoryRow,
): Promise<void> {
  await deleteRepository(env.DB, repository.id);
  // Every cached index of the repository goes with it.
  ctx.waitUntil(
    deleteIndexObjects(env, {
      bucket: repository.bucket,
      repositoryId: repository.id,
      generation: 'all',
    }),
  );
}

export async function removeRepository(c: Context<AdminEnv>) {
  await dropRepository(c.env, c.executionCtx, c.var.adminRepository);
  return c.json({ deleted: true });
}
