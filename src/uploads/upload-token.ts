/** URL-held upload sessions: the signed token a session starts as, naming its target and start time. */
import { decodeBase64Url, encodeBase64Url } from 'hono/utils/encode';
import { lastDerived } from '../auth/last-derived';
import { signingKey } from '../auth/signing-keys';
import { fromHex, toHex } from '../core/digest';
import type { UploadTarget } from './session-state';

const PREFIX = 'u1.';
/**
 * The one spelling of a token: `u1.<base64url claims>.<64 lower-case hex HMAC>`, nothing before
 * or after. Anything else (`<token>.x`, a second MAC, upper-case hex) is not a session id: each
 * such string would otherwise be a fresh id for the same signed claims, and reopen a session
 * that was finished or cancelled under the exact one.
 */
const TOKEN = /^u1\.([A-Za-z0-9_-]+)\.([0-9a-f]{64})$/;

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

/**
 * The upload-token key: its own label, so a registry JWT never verifies here
 * (auth/signing-keys.ts).
 */
async function key(env: Env): Promise<CryptoKey> {
  return importedKey(await signingKey(env, 'upload-token'));
}

/** The claims as unpadded base64url (Hono's encoder pads; the token's spelling has none). */
function encodeClaims(claims: Claims): string {
  const json = new TextEncoder().encode(JSON.stringify(claims));
  return encodeBase64Url(json.buffer).replace(/=+$/, '');
}

function decodeClaims(body: string): Claims {
  return JSON.parse(new TextDecoder().decode(decodeBase64Url(body))) as Claims;
}

export function isUploadToken(id: string): boolean {
  return id.startsWith(PREFIX);
}

/**
 * A new session's id: `POST /blobs/uploads/` answers a Location with it. Helm and oras then send
 * the whole blob with one `PUT ?digest=`, which the Worker streams straight to R2, so the common
 * push path needs no Durable Object and no query before the commit (blob-uploads.ts).
 */
export async function mintUploadToken(env: Env, target: UploadTarget): Promise<string> {
  const claims: Claims = {
    s: target.storageId,
    r: target.repositoryId,
    b: target.bucket,
    p: target.name,
    n: target.fullName,
    t: Math.floor(Date.now() / 1000),
    x: toHex(crypto.getRandomValues(new Uint8Array(8)).buffer),
  };
  const body = encodeClaims(claims);
  const mac = await crypto.subtle.sign('HMAC', await key(env), new TextEncoder().encode(body));
  return `${PREFIX}${body}.${toHex(mac)}`;
}

export interface ReadToken {
  target: UploadTarget;
  /** Whether the token is still within its lifetime: only then may it start anything. */
  live: boolean;
}

/** The target of a genuine token for `fullName` (exactly as minted), or null. */
export async function readUploadToken(
  env: Env,
  id: string,
  fullName: string,
  ttlSeconds: number,
): Promise<ReadToken | null> {
  const match = TOKEN.exec(id);
  if (!match) return null;
  const [, body, mac] = match as unknown as [string, string, string];
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
    claims = decodeClaims(body);
  } catch {
    return null;
  }
  if (claims.n !== fullName) return null;
  const target = {
    storageId: claims.s,
    repositoryId: claims.r,
    bucket: claims.b,
    name: claims.p,
    fullName: claims.n,
  };
  return { target, live: claims.t + ttlSeconds >= Date.now() / 1000 };
}
