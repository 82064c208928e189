/**
 * Registry bearer tokens for the OCI token flow (Docker "Token Authentication Specification" and
 * its JWT implementation): HS256 JWTs with the granted `access` list, signed with the Worker
 * secret TOKEN_SIGNING_KEY (or, when that is not set, a key derived from ADMIN_TOKEN).
 */
import { sign, verify } from 'hono/jwt';
import { toHex } from '../uploads/digest';
import { lastDerived } from './last-derived';
import type { Action, Grant } from './principal';

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
  adm?: boolean;
  access: AccessClaim[];
  /**
   * Names in `access` whose `pull` was granted only because their repository was public when
   * the token was issued. That pull is no grant: each request reads with public visibility, so a
   * repository made private is closed to the token at once, not when it expires.
   */
  pub?: string[];
}

const OCI_ACTIONS: Record<string, Action> = { pull: 'read', push: 'write', delete: 'delete' };

const derivedKey = lastDerived(async (adminToken) =>
  toHex(
    await crypto.subtle.digest(
      'SHA-256',
      new TextEncoder().encode(`registry-token-signing:${adminToken}`),
    ),
  ),
);

async function signingKey(env: Env): Promise<string> {
  const configured = (env as { TOKEN_SIGNING_KEY?: string }).TOKEN_SIGNING_KEY;
  return configured || derivedKey(env.ADMIN_TOKEN);
}

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
    await signingKey(env),
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
    const payload = await verify(token, await signingKey(env), {
      alg: 'HS256',
      iss: ISSUER,
      aud: service,
    });
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
      actions: a.actions
        .filter((x) => !(x === 'pull' && publicPulls.includes(a.name)))
        .flatMap((x) =>
          x === '*' ? ['read', 'write', 'delete'] : OCI_ACTIONS[x] ? [OCI_ACTIONS[x]] : [],
        ) as Action[],
    }));
}

export function looksLikeJwt(value: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(value);
}
