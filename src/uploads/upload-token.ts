/**
 * Upload sessions that start without any state: `POST /blobs/uploads/` answers a Location whose
 * id is a signed token naming the target and the start time. Helm and oras then send the whole
 * blob with one `PUT ?digest=`, which the Worker streams straight to R2, so the common push path
 * needs no Durable Object and no query before the commit. A `PATCH` moves the session into a
 * Durable Object (upload-session.ts) and answers with that session's Location.
 */
import { lastDerived } from '../auth/last-derived';
import { signingKey } from '../auth/signing-keys';
import { fromHex, toHex } from './digest';
import type { UploadTarget } from './session-state';

const PREFIX = 'u1.';

interface Claims {
  s: number;
  r: number;
  b: string;
  p: string;
  n: string;
  /** Start time, unix seconds. */
  t: number;
  /** Randomness, so two sessions never share an id. */
  x: string;
}

const importedKey = lastDerived((hexKey) =>
  crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(hexKey),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign', 'verify'],
  ),
);

/** The upload-token key: its own label, so a registry JWT never verifies here (signing-keys.ts). */
async function key(env: Env): Promise<CryptoKey> {
  return importedKey(await signingKey(env, 'upload-token'));
}

const b64url = (text: string) =>
  btoa(text).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
const unb64url = (text: string) => atob(text.replaceAll('-', '+').replaceAll('_', '/'));

export function isUploadToken(id: string): boolean {
  return id.startsWith(PREFIX);
}

export async function mintUploadToken(env: Env, target: UploadTarget): Promise<string> {
  const claims: Claims = {
    s: target.storageId,
    r: target.repositoryId,
    b: target.bucket,
    p: target.packageName,
    n: target.fullName,
    t: Math.floor(Date.now() / 1000),
    x: toHex(crypto.getRandomValues(new Uint8Array(8)).buffer),
  };
  const body = b64url(JSON.stringify(claims));
  const mac = await crypto.subtle.sign('HMAC', await key(env), new TextEncoder().encode(body));
  return `${PREFIX}${body}.${toHex(mac)}`;
}

/** The target of a valid, unexpired token for `fullName`, or null. */
export async function readUploadToken(
  env: Env,
  id: string,
  fullName: string,
  ttlSeconds: number,
): Promise<UploadTarget | null> {
  const [body, mac] = id.slice(PREFIX.length).split('.');
  if (!body || !mac || !/^[0-9a-f]{64}$/.test(mac)) return null;
  const signature = fromHex(mac);
  const valid = await crypto.subtle.verify(
    'HMAC',
    await key(env),
    signature,
    new TextEncoder().encode(body),
  );
  if (!valid) return null;
  let claims: Claims;
  try {
    claims = JSON.parse(unb64url(body)) as Claims;
  } catch {
    return null;
  }
  if (claims.n !== fullName || claims.t + ttlSeconds < Date.now() / 1000) return null;
  return {
    storageId: claims.s,
    repositoryId: claims.r,
    bucket: claims.b,
    packageName: claims.p,
    fullName: claims.n,
  };
}
