// Upload tokens keep their spelling (unpadded base64url claims, hex MAC): earlier ones still read.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { mintUploadToken, readUploadToken } from './upload-token';

const target = {
  storageId: 3,
  repositoryId: 7,
  bucket: 'blobs',
  name: 'team/app',
  fullName: 'charts/stable/team/app',
};

/**
 * Minted with the test ADMIN_TOKEN by the build before Hono's base64url helpers: for `target`,
 * and for a target whose claims encode to a `-` (base64's `+`).
 */
const EARLIER =
  'u1.eyJzIjozLCJyIjo3LCJiIjoiYmxvYnMiLCJwIjoidGVhbS9hcHAiLCJuIjoiY2hhcnRzL3N0YWJsZS90ZWFtL2FwcCIsInQiOjE3OTYyMjY3OTIsIngiOiI2YzIwMDRhNWQwYzEzNmRiIn0.2d0b8d3c3a56d4de408eb63167be364fa0156cf2ab1c8c940c1458e995471c24';
const EARLIER_DASH =
  'u1.eyJzIjoxLCJyIjoyLCJiIjoiYiIsInAiOiJ3ZWJ-IiwibiI6ImNoYXJ0cy9zdGFibGUvd2VifiIsInQiOjE3OTYyMjY4MjMsIngiOiI5ZmY5OTkyYTRmNmNlODlmIn0.79e2da35049371900d90f896c975e198f19396e80bfd6238c6e40d3d5ee09701';

describe('upload tokens', () => {
  it('tokens minted by an earlier build read back to their targets', async () => {
    expect((await readUploadToken(env, EARLIER, target.fullName, 60))?.target).toEqual(target);
    expect(await readUploadToken(env, EARLIER, 'charts/stable/other', 60)).toBeNull();
    expect((await readUploadToken(env, EARLIER_DASH, 'charts/stable/web~', 60))?.target).toEqual({
      storageId: 1,
      repositoryId: 2,
      bucket: 'b',
      name: 'web~',
      fullName: 'charts/stable/web~',
    });
  });

  it('a new token is unpadded base64url of the claims JSON and reads back', async () => {
    const token = await mintUploadToken(env, target);
    const [, body] = /^u1\.([A-Za-z0-9_-]+)\.[0-9a-f]{64}$/.exec(token)!;
    const claims = JSON.parse(atob(body!.replaceAll('-', '+').replaceAll('_', '/')));
    expect(claims).toMatchObject({ s: 3, r: 7, b: 'blobs', p: 'team/app', n: target.fullName });
    expect(await readUploadToken(env, token, target.fullName, 60)).toEqual({ target, live: true });
  });
});
