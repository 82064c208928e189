// The upload facade (blob-uploads.ts) on its own, against the real session Durable Object.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { RegistryError } from '../errors/registry-error';
import * as uploads from './blob-uploads';
import { randomBytes, uniqueName } from '../../test/helpers/oci';

function session(name = uniqueName('facade')) {
  const fullName = `local/${name}`;
  const target: uploads.UploadTarget = {
    storageId: 1,
    repositoryId: 1,
    bucket: 'BLOBS',
    name,
    fullName,
  };
  const scope: uploads.SessionScope = { fullName, location: (id) => `/at/${id}` };
  return { target, scope };
}

const chunk = (bytes: Uint8Array, start: number | null): uploads.Chunk => ({
  body: new Blob([bytes]).stream(),
  range: start === null ? null : { start, end: start + bytes.byteLength - 1 },
  length: bytes.byteLength,
});

async function failure(promise: Promise<unknown>): Promise<RegistryError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RegistryError);
  return err as RegistryError;
}

// One API whatever kind of session holds the upload, and failures as RegistryError carrying the
// wire facts the handler answers.
describe('the upload facade', () => {
  it('a session keeps its place under the id it started with and the one its first chunk gave', async () => {
    const { target, scope } = session();
    const token = await uploads.start(env, target);
    expect(await uploads.status(env, scope, token)).toEqual({ id: token, offset: 0 });
    const moved = await uploads.append(env, scope, token, chunk(randomBytes(100), 0));
    expect(moved.id).not.toBe(token);
    expect(moved.offset).toBe(100);
    expect(await uploads.status(env, scope, token)).toEqual(moved);
    expect(await uploads.status(env, scope, moved.id)).toEqual(moved);
    const next = await uploads.append(env, scope, moved.id, chunk(randomBytes(50), 100));
    expect(next).toEqual({ id: moved.id, offset: 150 });
  });

  it('an out-of-order chunk is UPLOAD_RANGE_INVALID with the Location and Range of the session', async () => {
    const { target, scope } = session();
    const token = await uploads.start(env, target);
    const fresh = await failure(uploads.append(env, scope, token, chunk(randomBytes(10), 5)));
    expect([fresh.code, fresh.status]).toEqual(['UPLOAD_RANGE_INVALID', 416]);
    expect(fresh.headers).toEqual({
      Location: `/at/${token}`,
      Range: '0-0',
      'Docker-Upload-UUID': token,
    });
    const { id } = await uploads.append(env, scope, token, chunk(randomBytes(10), 0));
    const moved = await failure(uploads.append(env, scope, id, chunk(randomBytes(10), 3)));
    expect([moved.code, moved.headers]).toEqual([
      'UPLOAD_RANGE_INVALID',
      { Location: `/at/${id}`, Range: '0-9', 'Docker-Upload-UUID': id },
    ]);
  });

  it('a cancelled session, or one asked for under another name, is BLOB_UPLOAD_UNKNOWN', async () => {
    const { target, scope } = session();
    const other = session().scope;
    const fresh = await uploads.start(env, target);
    expect((await failure(uploads.status(env, other, fresh))).code).toBe('BLOB_UPLOAD_UNKNOWN');
    await uploads.cancel(env, scope, fresh);
    expect((await failure(uploads.status(env, scope, fresh))).code).toBe('BLOB_UPLOAD_UNKNOWN');

    const token = await uploads.start(env, target);
    const { id } = await uploads.append(env, scope, token, chunk(randomBytes(10), null));
    expect((await failure(uploads.status(env, other, id))).code).toBe('BLOB_UPLOAD_UNKNOWN');
    await uploads.cancel(env, scope, id);
    for (const used of [token, id])
      expect((await failure(uploads.cancel(env, scope, used))).code).toBe('BLOB_UPLOAD_UNKNOWN');
  });
});
