/** Registry bearer tokens of the OCI token flow: HS256 JWTs that carry their `access` list. */
import { sign, verify } from 'hono/jwt';
import type { Grant } from './principal';
import { lastDerived } from './last-derived';
import { OCI_ACTIONS, tokenActionNames } from './oci-scope';
import { signingKey } from './signing-keys';

export const REGISTRY_TOKEN_TTL_SECONDS = 300;
const ISSUER = 'helm-registry';

/** One entry of the Docker token `access` claim. */
export interface AccessClaim {
  type: 'repository';
  name: string;
  actions: string[];
}

export interface RegistryTokenClaims {
  /** `admin`, `token:<id>` or `anonymous`. */
  sub: string;
  /** Access token id, checked on each use so revocation and expiry apply at once. */
  tid?: string;
  access: AccessClaim[];
  /**
   * Names in `access` whose `pull` was granted only because their repository was public when
   * the token was issued. That pull is no grant: each request reads with public visibility, so a
   * repository made private is closed to the token at once, not when it expires.
   */
  pub?: string[];
}

/**
 * The HMAC key as a CryptoKey, imported once per isolate: given the hex string, hono/jwt would
 * import it again on every sign and verify (every `/v2` request that carries a registry token).
 */
const importedKey = lastDerived((hex) =>
  crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(hex),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign', 'verify'],
  ),
);

async function jwtKey(env: Env): Promise<CryptoKey> {
  return importedKey(await signingKey(env, 'registry-jwt'));
}

/**
 * A registry token (Docker "Token Authentication Specification" and its JWT implementation):
 * HS256, the granted `access` list, REGISTRY_TOKEN_TTL_SECONDS to live, signed with its own key
 * (auth/signing-keys.ts). It carries only its `access` list, never admin power, and is accepted
 * on `/v2` alone (auth/identify.ts), never by the token endpoint.
 */
export async function issueRegistryToken(
  env: Env,
  service: string,
  claims: RegistryTokenClaims,
): Promise<{ token: string; expiresIn: number; issuedAt: string }> {
  const now = Math.floor(Date.now() / 1000);
  const token = await sign(
    {
      ...claims,
      iss: ISSUER,
      aud: service,
      iat: now,
      nbf: now,
      exp: now + REGISTRY_TOKEN_TTL_SECONDS,
    },
    await jwtKey(env),
    'HS256',
  );
  return {
    token,
    expiresIn: REGISTRY_TOKEN_TTL_SECONDS,
    issuedAt: new Date(now * 1000).toISOString(),
  };
}

/** Verified claims of a registry token for `service`, or null when it is not one of ours. */
export async function verifyRegistryToken(
  env: Env,
  token: string,
  service: string,
): Promise<RegistryTokenClaims | null> {
  try {
    // verify() refuses a token past its `exp` or before its `nbf`.
    const payload = await verify(token, await jwtKey(env), {
      alg: 'HS256',
      iss: ISSUER,
      aud: service,
    });
    if (typeof payload.exp !== 'number' || !Array.isArray(payload.access)) return null;
    return payload as unknown as RegistryTokenClaims;
  } catch {
    return null;
  }
}

/**
 * The grants an `access` claim carries, in the registry's own action names, without the pulls
 * that `publicPulls` (the `pub` claim) says only a public repository allowed.
 */
export function grantsOf(access: AccessClaim[], publicPulls: string[] = []): Grant[] {
  return access
    .filter((a) => a.type === 'repository')
    .map((a) => ({
      target: a.name,
      actions: tokenActionNames(
        a.actions.filter((x) => !(x === 'pull' && publicPulls.includes(a.name))),
      ).map((x) => OCI_ACTIONS.get(x)!),
    }));
}

export function looksLikeJwt(value: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(value);
}
