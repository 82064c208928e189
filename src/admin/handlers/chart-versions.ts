/** `/api/repositories/:id/versions` (alias: Nitro Repo's `/api/repository/:id/packages`): list and delete chart versions. */
import { pagingParam } from '../../http/paging-param';
import type { Context } from 'hono';
import * as z from 'zod/mini';
import { ApiError } from '../../errors/api-error';
import { chartArchivePath } from '../../helm/index-entry';
import { listChartVersionPage, type AdminRepositoryRow } from '../../storage/admin-db';
import { removeVersion } from '../../helm/delete-version';
import { jsonBody } from '../body';
import type { AdminEnv } from '../guards';

const MAX_PER_PAGE = 500;

function pageParam(value: string | undefined, fallback: number, max: number): number {
  const n = pagingParam(value, fallback, max);
  if (n === null) throw new ApiError(400, `paging parameters must be integers from 1 to ${max}`);
  return n;
}

/** `GET`: the repository's chart versions, `page` by `page` (`per_page` at most MAX_PER_PAGE). */
export async function getChartVersions(c: Context<AdminEnv>) {
  const page = pageParam(c.req.query('page'), 1, 1_000_000);
  const perPage = pageParam(c.req.query('per_page'), 50, MAX_PER_PAGE);
  const { rows, total } = await listChartVersionPage(
    c.env.DB,
    c.var.adminRepository.id,
    (page - 1) * perPage,
    perPage,
  );
  return c.json({
    page,
    perPage,
    total,
    items: rows.map((r) => ({
      name: r.name,
      version: r.version,
      path: chartArchivePath(r.name, r.version),
      digest: r.archive_digest,
      size: r.archive_size,
      created: r.created,
      protocol: r.protocol,
      signed: r.prov_digest !== null,
    })),
  });
}

const PATH = /^charts\/([^/]+)\/([^/]+)\.tgz$/;
const deletion = z.object({ paths: z.array(z.string()).check(z.minLength(1), z.maxLength(1000)) });

/**
 * `DELETE` with `{"paths": [...]}`: deletes chart versions by canonical path
 * (`charts/<chart>/<chart>-<version>.tgz`) from both protocols (helm/delete-version.ts).
 */
export async function removeChartVersions(c: Context<AdminEnv>) {
  const { paths } = await jsonBody(c, deletion);
  const targets = paths.map((path) => {
    const m = PATH.exec(path);
    const chart = m?.[1];
    const file = m?.[2];
    if (!chart || !file?.startsWith(`${chart}-`)) {
      throw new ApiError(
        400,
        `"${path}" is not a chart path like charts/<chart>/<chart>-<version>.tgz`,
      );
    }
    return { path, chart, version: file.slice(chart.length + 1) };
  });
  const deleted: string[] = [];
  const notFound: string[] = [];
  const origin = new URL(c.req.url).origin;
  for (const t of targets) {
    const removed = await deleteChartVersion(c.env, origin, c.var.adminRepository, t);
    (removed ? deleted : notFound).push(t.path);
  }
  return c.json({ deleted, notFound });
}

/**
 * Deletes one chart version from both protocols (helm/delete-version.ts), as the API's DELETE
 * and the admin pages do; false when the repository has no such version.
 */
export function deleteChartVersion(
  env: Env,
  origin: string,
  repo: AdminRepositoryRow,
  target: { chart: string; version: string },
): Promise<boolean> {
  return removeVersion(env, {
    origin,
    storage: repo.storage,
    repository: repo.name,
    repositoryId: repo.id,
    name: target.chart,
    version: target.version,
  });
}
