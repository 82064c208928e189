/** The token endpoint of the Docker token flow (`/v2/token`): registry tokens for allowed scopes. */
import type { Context } from 'hono';
import type { AppEnv } from '../../app-env';
import { authenticateSecret } from '../../auth/credentials';
import { basicChallenge, challengeMessage } from '../../auth/challenge';
import { OCI_ACTIONS, ociNameOf, targetOf, tokenActionNames } from '../../auth/oci-scope';
import { hasGrant, type Principal } from '../../auth/principal';
import { issueRegistryToken, type AccessClaim } from '../../auth/registry-jwt';
import { RegistryError } from '../../errors/registry-error';
import { findRepositoryRecently } from '../../recent/recent-reads';
import type { OciName } from '../../core/names';

interface RequestedScope {
  name: OciName;
  actions: string[];
}

/**
 * `repository:<name>:<a,b>` scopes; several may come space-separated or as repeated params.
 * Actions other than pull, push, delete (and `*`) and names that are not OCI names are dropped.
 */
function parseScopes(values: string[]): RequestedScope[] {
  const scopes: RequestedScope[] = [];
  for (const scope of values.flatMap((v) => v.split(' ')).filter(Boolean)) {
    const [type, ...rest] = scope.split(':');
    const actions = rest.pop();
    const name = ociNameOf(rest.join(':'));
    if (type !== 'repository' || !actions || !name) continue;
    scopes.push({ name, actions: tokenActionNames(actions.split(',')) });
  }
  return scopes;
}

/**
 * The actions granted on `scope`, and whether its pull is only there for a public repository.
 * A token carries grants only (what hasGrant finds); each request made with it is decided again
 * (auth/decide.ts), so a public pull is marked and checked against visibility at every use.
 */
async function grantedActions(
  env: Env,
  principal: Principal,
  scope: RequestedScope,
): Promise<{ actions: string[]; publicPull: boolean }> {
  const target = targetOf(scope.name);
  const granted = scope.actions.filter((a) => hasGrant(principal, OCI_ACTIONS.get(a)!, target));
  let publicPull = false;
  if (scope.actions.includes('pull') && !granted.includes('pull')) {
    // Seconds-old is fine here: a pull granted for a public repository is no grant, each
    // request checks the visibility again (auth/registry-jwt.ts `pub`).
    const repository = await findRepositoryRecently(env.DB, target.storage, target.repository);
    publicPull = repository?.visibility === 'public';
    if (publicPull) granted.push('pull');
  }
  return { actions: granted, publicPull };
}

async function credentialsOf(
  c: Context<AppEnv>,
): Promise<{ principal: Principal; scopes: string[]; service: string | undefined }> {
  if (c.req.method !== 'POST') {
    return {
      principal: c.var.principal,
      scopes: c.req.queries('scope') ?? [],
      service: c.req.query('service'),
    };
  }
  const form = await c.req.parseBody();
  const field = (k: string) => (typeof form[k] === 'string' ? (form[k] as string) : undefined);
  if (field('grant_type') !== 'password') {
    throw new RegistryError(
      'UNSUPPORTED',
      'only grant_type=password is supported; or use GET with Basic credentials',
    );
  }
  const secret = field('password') || field('username');
  const principal = secret
    ? (await authenticateSecret(c.env, secret, c.executionCtx)).principal
    : c.var.principal;
  return { principal, scopes: [field('scope') ?? ''], service: field('service') };
}

/**
 * `GET|POST /v2/token`, which `helm registry login`, oras, containerd and skopeo use after a
 * `WWW-Authenticate: Bearer` challenge: GET with Basic credentials, or POST with
 * `grant_type=password` (OAuth2 form). The registry token grants the intersection of the
 * requested scopes and what the credentials allow; anonymous callers get pulls of public
 * repositories only. A request without scope gets a token that opens `/v2/`. Whoever asks, an
 * admin included, the token carries exactly those scopes and no admin power; a registry token is
 * no credential here (auth/identify.ts), so no token mints another.
 */
export async function issueToken(c: Context<AppEnv>): Promise<Response> {
  const { principal, scopes } = await credentialsOf(c);
  if (principal.kind === 'invalid') {
    throw new RegistryError('UNAUTHORIZED', challengeMessage(true), {
      'WWW-Authenticate': basicChallenge(c.req.url),
    });
  }
  const access: AccessClaim[] = [];
  const pub: string[] = [];
  for (const scope of parseScopes(scopes)) {
    const { actions, publicPull } = await grantedActions(c.env, principal, scope);
    access.push({ type: 'repository', name: scope.name.full, actions });
    if (publicPull) pub.push(scope.name.full);
  }
  const subject = principal.kind === 'anonymous' ? 'anonymous' : principal.subject;
  const tid = subject.startsWith('token:') ? subject.slice('token:'.length) : undefined;
  const issued = await issueRegistryToken(c.env, new URL(c.req.url).host, {
    sub: subject,
    ...(tid ? { tid } : {}),
    access,
    ...(pub.length ? { pub } : {}),
  });
  return c.json({
    token: issued.token,
    access_token: issued.token,
    expires_in: issued.expiresIn,
    issued_at: issued.issuedAt,
  });
}
