/** `/admin`: storage use for admins; for other tokens, the repositories they may change. */
import { DataTable } from '../parts/data-table';
import type { Context } from 'hono';
import { readableRepositories } from '../../auth/principal';
import { listRepositories } from '../../storage/admin-db';
import { storageUsage } from '../../storage/usage-db';
import type { PageEnv } from '../session/page-env';
import { adminPage, formatBytes } from './admin-frame';
import { mayAdminister, mayOnRepository } from './page-access';

export async function getOverview(c: Context<PageEnv>) {
  const principal = c.var.principal;
  if (!mayAdminister(principal)) {
    const rows = await listRepositories(c.env.DB, readableRepositories(principal));
    const mine = rows.filter((r) => mayOnRepository(principal, 'delete', r));
    return adminPage(
      c,
      'Administration',
      <section aria-labelledby="overview-heading">
        <h1 id="overview-heading">Administration</h1>
        {mine.length === 0 ? (
          <p>This token may not change anything here.</p>
        ) : (
          <>
            <p>This token may delete chart versions in:</p>
            <ul>
              {mine.map((r) => (
                <li>
                  <a href={`/admin/repositories/${r.id}/versions`}>
                    {r.storage}/{r.name}
                  </a>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>,
    );
  }
  const usage = await storageUsage(c.env.DB);
  const charts = usage.repositories.reduce((n, r) => n + r.charts, 0);
  const versions = usage.repositories.reduce((n, r) => n + r.versions, 0);
  return adminPage(
    c,
    'Administration',
    <section aria-labelledby="overview-heading">
      <h1 id="overview-heading">Administration</h1>
      <p class="lead">
        {usage.repositories.length} repositories, {charts} charts, {versions} chart versions.
      </p>
      <h2>Storages</h2>
      <DataTable columns={['Storage', 'R2 binding', 'Repositories', 'Blobs', 'Size']}>
        {usage.storages.map((s) => (
          <tr>
            <td>{s.storage}</td>
            <td>
              <code>{s.bucket}</code>
            </td>
            <td>{s.repositories}</td>
            <td>{s.blobs}</td>
            <td>{formatBytes(s.bytes)}</td>
          </tr>
        ))}
      </DataTable>
      <h2>Repositories</h2>
      <p class="muted">
        A blob is stored once per storage; repositories that share one each count it.
      </p>
      <DataTable columns={['Repository', 'Visibility', 'Charts', 'Versions', 'Blobs', 'Size']}>
        {usage.repositories.map((r) => (
          <tr>
            <td>
              <a href={`/admin/repositories/${r.id}`}>
                {r.storage}/{r.name}
              </a>
            </td>
            <td>{r.visibility}</td>
            <td>{r.charts}</td>
            <td>
              <a href={`/admin/repositories/${r.id}/versions`}>{r.versions}</a>
            </td>
            <td>{r.blobs}</td>
            <td>{formatBytes(r.bytes)}</td>
          </tr>
        ))}
      </DataTable>
    </section>,
  );
}
