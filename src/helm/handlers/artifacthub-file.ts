/** `GET artifacthub-repo.yml` beside index.yaml: the repository's Artifact Hub metadata file. */
import type { Context } from 'hono';
import type { AppEnv } from '../../app-env';
import { renderRepoFile } from '../../artifacthub/repo-file';
import { digestBytes } from '../../core/digest';
import { ApiError } from '../../errors/api-error';
import { findArtifactHubListing } from '../../storage/artifacthub-db';

/**
 * Artifact Hub reads `artifacthub-repo.yml` "at the same level of the chart repository
 * index.yaml file", from the chart repository's HTTP server (artifacthub/hub
 * docs/helm_charts_repositories.md). Served under index.yaml's access rule (the route's guard)
 * and caching: a strong ETag (of the bytes), `no-cache`, `304` for a matching `If-None-Match`.
 * 404 when the repository has no Artifact Hub settings. It is a file of its own, never an
 * entry of index.yaml.
 */
export async function getArtifactHubRepoFile(c: Context<AppEnv>): Promise<Response> {
  const repository = c.var.repository;
  const listing = await findArtifactHubListing(c.env.DB, repository.repositoryId);
  if (!listing) {
    throw new ApiError(
      404,
      `repository ${repository.storage}/${repository.repository} has no Artifact Hub settings (artifacthub-repo.yml)`,
    );
  }
  const bytes = new TextEncoder().encode(renderRepoFile(listing));
  const tag = `"ahr-${(await digestBytes('sha256', bytes)).slice('sha256:'.length, 'sha256:'.length + 32)}"`;
  const headers = {
    'Content-Type': 'application/x-yaml; charset=utf-8',
    ETag: tag,
    'Cache-Control': 'no-cache',
  };
  const ifNoneMatch = c.req.header('if-none-match');
  if (ifNoneMatch?.split(',').some((t) => t.trim().replace(/^W\//, '') === tag || t.trim() === '*'))
    return new Response(null, { status: 304, headers });
  return new Response(c.req.method === 'HEAD' ? null : bytes, {
    headers: { ...headers, 'Content-Length': String(bytes.byteLength) },
  });
}
