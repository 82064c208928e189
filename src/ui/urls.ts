/** The UI's URLs, built in one place (every client-provided segment percent-encoded). */
import type { RepositoryRef } from '../catalog/types';

const seg = encodeURIComponent;

/** The tabs of a chart version's page (`''`: the overview with the README). */
export type ChartTab =
  '' | 'values' | 'schema' | 'templates' | 'crds' | 'changelog' | 'compare' | 'versions';

export function repositoryUrl(ref: RepositoryRef): string {
  return `/repositories/${seg(ref.storage)}/${seg(ref.repository)}`;
}

/** A chart's page: its latest version when `version` is null. */
export function chartUrl(ref: RepositoryRef, chart: string, version: string | null = null): string {
  const base = `/charts/${seg(ref.storage)}/${seg(ref.repository)}/${seg(chart)}`;
  return version === null ? base : `${base}/${seg(version)}`;
}

export function chartTabUrl(
  ref: RepositoryRef,
  chart: string,
  version: string,
  tab: ChartTab,
): string {
  const base = chartUrl(ref, chart, version);
  return tab ? `${base}/${tab}` : base;
}

/** One file of a version (a template or a CRD); its path keeps its slashes. */
export function chartFileUrl(
  ref: RepositoryRef,
  chart: string,
  version: string,
  tab: 'templates' | 'crds',
  path: string,
): string {
  return `${chartTabUrl(ref, chart, version, tab)}/${path.split('/').map(seg).join('/')}`;
}

export function searchUrl(query: string, page = 1): string {
  const params = new URLSearchParams();
  if (query) params.set('q', query);
  if (page > 1) params.set('page', String(page));
  const qs = params.toString();
  return qs ? `/search?${qs}` : '/search';
}

/** The URL when it is http(s), else null (icons, links and homes from Chart.yaml are client text). */
export function httpUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}
