/** Access token secrets (`hrt_<id>_<random>`): minting, the id inside, the stored hash. */
import { encodeBase64Url } from 'hono/utils/encode';
import { toHex } from '../core/digest';

const PREFIX = 'hrt_';
const SECRET = /^hrt_([a-z0-9]{12})_([A-Za-z0-9_-]{32})$/;

/** base64url of `bytes` random bytes, without padding (a multiple of 3 bytes has none). */
function randomString(bytes: number): string {
  return encodeBase64Url(crypto.getRandomValues(new Uint8Array(bytes)).buffer).replace(/=+$/, '');
}

export function newTokenId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return [...crypto.getRandomValues(new Uint8Array(12))]
    .map((b) => alphabet[b % alphabet.length])
    .join('');
}

/**
 * `hrt_<id>_<random>`. The id is public (it names the token in the admin API and may be sent as
 * the Basic username); the random part carries 192 bits. Only the secret's sha256 is stored
 * (hashSecret), so the secret is shown once, at creation.
 */
export function newTokenSecret(id: string): string {
  return `${PREFIX}${id}_${randomString(24)}`;
}

/** The token id inside a secret, or null when the string is not an access token secret. */
export function tokenIdOf(secret: string): string | null {
  return SECRET.exec(secret)?.[1] ?? null;
}

export async function hashSecret(secret: string): Promise<string> {
  return toHex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(secret)));
}
