/** `/api/storages`: named namespaces, each backed by an R2 bucket binding. */
import type { Context } from 'hono';
import * as z from 'zod/mini';
import type { AppEnv } from '../../app-env';
import { ApiError } from '../../errors/api-error';
import { MAX_STORAGE_NAME_LENGTH } from '../../oci/name-lengths';
import { isNameComponent, RESERVED_STORAGE_NAMES } from '../../oci/reference';
import {
  deleteStorage,
  insertStorage,
  listStorages,
  type StorageRow,
} from '../../storage/admin-db';
import { bucketFor } from '../../storage/buckets';
import { jsonBody } from '../body';

const present = (s: StorageRow) => ({
  id: s.id,
  name: s.name,
  bucket: s.bucket,
  createdAt: new Date(s.created_at * 1000).toISOString(),
});

export async function getStorages(c: Context<AppEnv>) {
  return c.json((await listStorages(c.env.DB)).map(present));
}

const newStorage = z.object({ name: z.string(), bucket: z.optional(z.string()) });

export async function createStorage(c: Context<AppEnv>) {
  const body = await jsonBody(c, newStorage);
  if (
    !isNameComponent(body.name) ||
    body.name.length > MAX_STORAGE_NAME_LENGTH ||
    RESERVED_STORAGE_NAMES.has(body.name)
  ) {
    throw new ApiError(
      400,
      `storage name "${body.name}" is not allowed: lower-case [a-z0-9] with single ".", "_" or "-" separators, at most ${MAX_STORAGE_NAME_LENGTH} characters (so that <storage>/<repository>/<chart> fits an OCI name), and not ${[...RESERVED_STORAGE_NAMES].join(', ')}`,
    );
  }
  const bucket = body.bucket ?? 'BLOBS';
  try {
    bucketFor(c.env, bucket);
  } catch {
    throw new ApiError(
      400,
      `no R2 bucket binding named "${bucket}": add it to wrangler.toml ([[r2_buckets]] binding = "${bucket}") and deploy first`,
    );
  }
  const row = await insertStorage(c.env.DB, body.name, bucket);
  if (!row) throw new ApiError(409, `storage ${body.name} already exists`);
  return c.json(present(row), 201);
}

export async function removeStorage(c: Context<AppEnv>) {
  const name = c.req.param('name')!;
  const outcome = await deleteStorage(c.env.DB, name);
  if (outcome === 'missing') throw new ApiError(404, `storage ${name} not found`);
  if (outcome === 'not-empty')
    throw new ApiError(409, `storage ${name} still has repositories; delete them first`);
  return c.json({ deleted: true });
}
