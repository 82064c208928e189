/**
 * `/repositories/<storage>/<repository>` in a browser: the repository's charts and how to add it.
 * Helm never asks for this URL (its getter fetches `<repo>/index.yaml`), see wants-html.ts.
 */
import type { Context } from 'hono';
import type { AppEnv } from '../../app-env';
import { repositoryCharts } from '../../catalog/catalog';
import type { ChartSummary, RepositoryRef } from '../../catalog/types';
import { notFound } from '../error-page';
import { ChartList } from '../parts/chart-list';
import { renderPage } from '../render-page';
import { pageRef } from '../page-params';

export function RepositoryView({ repo, charts }: { repo: RepositoryRef; charts: ChartSummary[] }) {
  return (
    <>
      <h1>
        {repo.storage}/{repo.repository}
      </h1>
      <p class="muted">
        {charts.length} chart{charts.length === 1 ? '' : 's'}
      </p>
      <ChartList charts={charts} empty="This repository has no chart yet." />
    </>
  );
}

export async function repositoryPage(c: Context<AppEnv>): Promise<Response> {
  const repo = pageRef(c);
  const charts = await repositoryCharts(c.env, c.get('principal'), repo);
  if (!charts) notFound();
  return renderPage(
    c,
    { title: `${repo.storage}/${repo.repository}` },
    <RepositoryView repo={repo} charts={charts} />,
  );
}
