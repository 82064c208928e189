/** The keys that sign what the Worker hands out: registry JWTs and upload tokens, one label each. */
import { toHex } from '../core/digest';
import { lastDerived } from './last-derived';

export type SigningPurpose = 'registry-jwt' | 'upload-token';

/**
 * TOKEN_SIGNING_KEY is an optional secret, and `wrangler types` types only `secrets.required`
 * (required, every deploy would have to set it) and `vars` (a var and a secret cannot share a
 * name): so the generated Env lacks it, and it is checked here rather than cast.
 */
function signingSecret(env: Env): string {
  const configured = 'TOKEN_SIGNING_KEY' in env ? env.TOKEN_SIGNING_KEY : undefined;
  return typeof configured === 'string' && configured ? configured : env.ADMIN_TOKEN;
}

async function derive(secret: string, purpose: SigningPurpose): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return toHex(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${purpose}:v1`)));
}

const derivedFor = {
  'registry-jwt': lastDerived((secret) => derive(secret, 'registry-jwt')),
  'upload-token': lastDerived((secret) => derive(secret, 'upload-token')),
} as const satisfies Record<SigningPurpose, (secret: string) => Promise<string>>;

/**
 * The key (hex) for `purpose`, derived once per isolate: registry bearer tokens (JWTs from
 * `/v2/token`) or upload session ids (uploads/upload-token.ts). Each is HMAC-SHA256(secret,
 * label) with its own label, the secret being TOKEN_SIGNING_KEY or, when that is unset,
 * ADMIN_TOKEN: one kind can never verify as the other, and neither key reveals the secret.
 */
export function signingKey(env: Env, purpose: SigningPurpose): Promise<string> {
  return derivedFor[purpose](signingSecret(env));
}
