/** `/admin/repositories/:id/versions`: a repository's chart versions; delete buttons where delete is allowed. */
import { pagingParam } from '../../http/paging-param';
import type { Context } from 'hono';
import { DataTable } from '../parts/data-table';
import { Pager } from '../parts/pager';
import { deleteChartVersion } from '../../admin/handlers/chart-versions';
import { RegistryError } from '../../errors/registry-error';
import { listChartVersionPage } from '../../storage/admin-db';
import { adminPage, CsrfField, formatBytes, seeOther } from './admin-frame';
import { mayOnRepository, type AdminPageEnv } from './page-access';

const PER_PAGE = 100;

function pageNumber(value: string | undefined): number {
  const n = pagingParam(value, 1, 1_000_000);
  if (n === null) throw new RegistryError('UNSUPPORTED', 'page must be a whole number from 1');
  return n;
}

export async function getVersionsPage(c: Context<AdminPageEnv>) {
  const r = c.var.adminRepository;
  const page = pageNumber(c.req.query('page'));
  const { rows, total } = await listChartVersionPage(
    c.env.DB,
    r.id,
    (page - 1) * PER_PAGE,
    PER_PAGE,
  );
  const mayDelete = mayOnRepository(c.var.principal, 'delete', r);
  const name = `${r.storage}/${r.name}`;
  const base = `/admin/repositories/${r.id}/versions`;
  return adminPage(
    c,
    `Chart versions of ${name}`,
    <section aria-labelledby="versions-heading">
      <h1 id="versions-heading">Chart versions of {name}</h1>
      <p class="lead">{total} chart versions.</p>
      {rows.length === 0 ? (
        <p>No chart versions here yet.</p>
      ) : (
        <DataTable
          columns={[
            'Chart',
            'Version',
            'Published',
            'Protocol',
            'Size',
            ...(mayDelete ? ['Delete'] : []),
          ]}
        >
          {rows.map((v) => (
            <tr>
              <td>
                <a href={`/charts/${r.storage}/${r.name}/${v.name}/${v.version}`}>{v.name}</a>
              </td>
              <td>{v.version}</td>
              <td>{v.created}</td>
              <td>{v.protocol}</td>
              <td>{formatBytes(v.archive_size)}</td>
              {mayDelete && (
                <td>
                  <form method="post" action={`${base}/delete`}>
                    <CsrfField session={c.var.session} />
                    <input type="hidden" name="chart" value={v.name} />
                    <input type="hidden" name="version" value={v.version} />
                    <button
                      type="submit"
                      class="secondary"
                      aria-label={`Delete ${v.name} ${v.version}`}
                    >
                      Delete
                    </button>
                  </form>
                </td>
              )}
            </tr>
          ))}
        </DataTable>
      )}
      <Pager
        label="Pages"
        page={page}
        pages={Math.ceil(total / PER_PAGE)}
        href={(n) => `${base}?page=${n}`}
        previous="Previous"
        next="Next"
      />
    </section>,
  );
}

/** `POST …/versions/delete` (chart, version): deleteChartVersion, as the API's DELETE. */
export async function postDeleteVersion(c: Context<AdminPageEnv>) {
  const r = c.var.adminRepository;
  const chart = c.var.form.get('chart') ?? '';
  const version = c.var.form.get('version') ?? '';
  if (!chart || !version)
    throw new RegistryError('UNSUPPORTED', 'say which chart version to delete');
  const removed = await deleteChartVersion(c.env, new URL(c.req.url).origin, r, { chart, version });
  return seeOther(
    c,
    `/admin/repositories/${r.id}/versions`,
    removed ? 'version-deleted' : 'version-missing',
  );
}
