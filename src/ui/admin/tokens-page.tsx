/** `/admin/tokens`: the list with revoke buttons, the create form, and the page that shows a new secret once (admins). */
import { DataTable } from '../parts/data-table';
import type { Context } from 'hono';
import { parseInput } from '../../admin/body';
import { issueToken, newToken, revokeTokenById, tokenState } from '../../admin/handlers/tokens';
import { notFound } from '../error-page';
import { listTokens, type AccessTokenRecord } from '../../storage/tokens-db';
import type { PageEnv } from '../session/page-env';
import { adminPage, CsrfField, FormError, seeOther } from './admin-frame';
import { EXPIRY_CHOICES, formRefusal, SCOPE_ROWS, tokenInput } from './form-input';

const TOKEN_ID = /^[a-z0-9]{12}$/;
const ACTIONS = ['read', 'write', 'delete'] as const;

const when = (seconds: number | null, never = '—') =>
  seconds === null ? never : new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');

function Rights({ token }: { token: AccessTokenRecord }) {
  if (token.admin) return <strong>admin</strong>;
  return (
    <ul>
      {token.scopes.map((s) => (
        <li>
          <code>{s.repository}</code>: {s.actions.join(', ')}
        </li>
      ))}
    </ul>
  );
}

function CreateForm({ c, error }: { c: Context<PageEnv>; error?: string }) {
  const v = error ? c.var.form : new URLSearchParams();
  const scoped = v.get('kind') !== 'admin';
  return (
    <form method="post" action="/admin/tokens" aria-labelledby="new-token-heading">
      <h2 id="new-token-heading">New token</h2>
      <FormError message={error} />
      <CsrfField session={c.var.session} />
      <p>
        <label for="token-name">Name</label>
        <br />
        <input
          id="token-name"
          type="text"
          name="name"
          required
          maxlength={200}
          value={v.get('name') ?? ''}
        />
      </p>
      <fieldset>
        <legend>Rights</legend>
        <p>
          <input id="kind-scoped" type="radio" name="kind" value="scoped" checked={scoped} />{' '}
          <label for="kind-scoped">Only the repositories below</label>
          <br />
          <input id="kind-admin" type="radio" name="kind" value="admin" checked={!scoped} />{' '}
          <label for="kind-admin">Admin: everything, this page included</label>
        </p>
        {Array.from({ length: SCOPE_ROWS }, (_, i) => (
          <p>
            <label for={`scope${i}`}>Repository {i + 1}</label>{' '}
            <input
              id={`scope${i}`}
              type="text"
              name={`scope${i}`}
              placeholder="storage/repository or *"
              maxlength={130}
              value={v.get(`scope${i}`) ?? ''}
            />{' '}
            {ACTIONS.map((a) => (
              <>
                <input
                  id={`actions${i}-${a}`}
                  type="checkbox"
                  name={`actions${i}`}
                  value={a}
                  checked={v.getAll(`actions${i}`).includes(a)}
                />{' '}
                <label for={`actions${i}-${a}`}>{a}</label>{' '}
              </>
            ))}
          </p>
        ))}
        <p class="muted">write (push) and delete include read.</p>
      </fieldset>
      <p>
        <label for="token-expiry">Expires</label>
        <br />
        <select id="token-expiry" name="expiresInSeconds">
          {EXPIRY_CHOICES.map(([value, label]) => (
            <option value={value} selected={(v.get('expiresInSeconds') ?? '') === value}>
              {label}
            </option>
          ))}
        </select>
      </p>
      <button type="submit">Create token</button>
    </form>
  );
}

async function render(c: Context<PageEnv>, error?: string, status?: 400 | 404 | 409) {
  const tokens = await listTokens(c.env.DB);
  return adminPage(
    c,
    'Tokens',
    <section aria-labelledby="tokens-heading">
      <h1 id="tokens-heading">Access tokens</h1>
      <DataTable columns={['Name', 'Id', 'Rights', 'State', 'Expires', 'Last used', 'Revoke']}>
        {tokens.map((t) => {
          const state = tokenState(t);
          return (
            <tr>
              <td>{t.name}</td>
              <td>
                <code>{t.id}</code>
              </td>
              <td>
                <Rights token={t} />
              </td>
              <td>{state}</td>
              <td>{when(t.expiresAt, 'never')}</td>
              <td>{when(t.lastUsedAt)}</td>
              <td>
                {state !== 'revoked' && (
                  <form method="post" action={`/admin/tokens/${t.id}/revoke`}>
                    <CsrfField session={c.var.session} />
                    <button
                      type="submit"
                      class="secondary"
                      aria-label={`Revoke ${t.name} (${t.id})`}
                    >
                      Revoke
                    </button>
                  </form>
                )}
              </td>
            </tr>
          );
        })}
      </DataTable>
      <CreateForm c={c} error={error} />
    </section>,
    status,
  );
}

export function getTokensPage(c: Context<PageEnv>) {
  return render(c);
}

/**
 * `POST`: the API's schema and issueToken. The answer is the page with the secret (not a
 * redirect: the secret must be in no URL, history entry or later page), never stored.
 */
export async function postToken(c: Context<PageEnv>) {
  let created: Awaited<ReturnType<typeof issueToken>>;
  try {
    created = await issueToken(c.env.DB, parseInput(newToken, tokenInput(c.var.form)));
  } catch (err) {
    const { status, message } = formRefusal(err);
    return render(c, message, status as 400);
  }
  const { token, secret } = created;
  return adminPage(
    c,
    'Token created',
    <section aria-labelledby="created-heading">
      <h1 id="created-heading">Token “{token.name}” created</h1>
      <p class="notice" role="status">
        Copy the secret now: it is shown this once and cannot be read again.
      </p>
      <dl class="facts">
        <dt>Id (username)</dt>
        <dd>
          <code id="token-id">{token.id}</code>
        </dd>
        <dt>Rights</dt>
        <dd>
          <Rights token={token} />
        </dd>
        <dt>Expires</dt>
        <dd>{when(token.expiresAt, 'never')}</dd>
      </dl>
      <h2 id="secret-heading">Secret</h2>
      <div class="copy-block">
        <button type="button" data-copy="token-secret" hidden>
          Copy
        </button>
        <pre id="token-secret" aria-labelledby="secret-heading">
          {secret}
        </pre>
      </div>
      <p>
        For example:{' '}
        <code>
          helm registry login {new URL(c.req.url).host} --username {token.id} --password-stdin
        </code>
      </p>
      <p>
        <a href="/admin/tokens">Back to the tokens</a>
      </p>
    </section>,
    201,
  );
}

/** `POST …/:id/revoke`: revokeTokenById, as the API's DELETE. */
export async function postRevokeToken(c: Context<PageEnv>) {
  const id = c.req.param('id') ?? '';
  if (!TOKEN_ID.test(id)) notFound();
  try {
    await revokeTokenById(c.env.DB, id);
  } catch (err) {
    formRefusal(err); // anything but the API's 404 propagates
    notFound();
  }
  return seeOther(c, '/admin/tokens', 'token-revoked');
}
