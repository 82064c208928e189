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
const newRepository = z.object({ storage: z.string(), name: z.string(), ...settings });
const repositoryUpdate = z.object(settings);

/** The stored listing of a validated `artifactHub` setting (null clears it). */
const listingOf = (setting: z.infer<typeof artifactHubSetting>) =>
  setting && { repositoryId: setting.repositoryId, owners: setting.owners ?? [] };

/** Public repositories and those the caller may read. */
export async function getRepositories(c: Context<AppEnv>) {
  const rows = await listRepositories(c.env.DB, readableRepositories(c.var.principal));
  return c.json(rows.map(presentRepository));
}

export async function createRepository(c: Context<AppEnv>) {
  const body = await jsonBody(c, newRepository);
  if (!isNameComponent(body.name) || body.name.length > MAX_REPOSITORY_NAME_LENGTH) {
    throw new ApiError(
      400,
      `repository name "${body.name}" is not allowed: lower-case [a-z0-9] with single ".", "_" or "-" separators, at most ${MAX_REPOSITORY_NAME_LENGTH} characters (so that <storage>/<repository>/<chart> fits an OCI name)`,
    );
  }
  const row = await insertRepository(c.env.DB, body.storage, body.name, body);
  if (row === 'no-storage') throw new ApiError(404, `storage ${body.storage} not found`);
  if (row === 'exists')
    throw new ApiError(409, `repository ${body.storage}/${body.name} already exists`);
  if (body.artifactHub) {
    await setArtifactHubListing(c.env.DB, row.id, listingOf(body.artifactHub)).run();
    return c.json(presentRepository((await findRepositoryById(c.env.DB, row.id))!), 201);
  }
  return c.json(presentRepository(row), 201);
}

export function getRepository(c: Context<AdminEnv>) {
  return c.json(presentRepository(c.var.adminRepository));
}

export async function patchRepository(c: Context<AdminEnv>) {
  const body = await jsonBody(c, repositoryUpdate);
  await updateRepository(c.env.DB, c.var.adminRepository.id, body);
  if (body.artifactHub !== undefined) {
    await setArtifactHubListing(
      c.env.DB,
      c.var.adminRepository.id,
      listingOf(body.artifactHub),
    ).run();
  }
  return c.json(presentRepository((await findRepositoryById(c.env.DB, c.var.adminRepository.id))!));
}

export async function removeRepository(c: Context<AdminEnv>) {
  const repository = c.var.adminRepository;
  await deleteRepository(c.env.DB, repository.id);
  // Every cached index of the repository goes with it.
  c.executionCtx.waitUntil(
    deleteIndexObjects(c.env, {
      bucket: repository.bucket,
      repositoryId: repository.id,
      generation: 'all',
    }),
  );
  return c.json({ deleted: true });
}
