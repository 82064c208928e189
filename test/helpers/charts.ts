// Chart fixtures for worker tests: OCI and HTTP pushes of charts, repositories made for a test.
import { expect } from 'vitest';
import { HELM_CHART, HELM_CONFIG, HELM_PROV } from './chart-archive';
import { pushBlob, request, sha256 } from './oci';
import { chartConfig, chartManifest, descriptorOf, OCI_MANIFEST } from './oci-client';

export {
  buildChart,
  chartYamlOf,
  gzip,
  HELM_CHART,
  HELM_CONFIG,
  HELM_PROV,
  tarOf,
  tarOfEntries,
  type ChartOptions,
} from './chart-archive';

export interface OciChartPush {
  manifest: string;
  digest: string;
  chartDigest: string;
  configDigest: string;
}

/** Pushes a chart the way `helm push` does: config blob, chart layer, optional prov layer, manifest. */
export async function pushChartOci(
  repoPath: string,
  chartName: string,
  archive: Uint8Array<ArrayBuffer>,
  tag: string,
  options: { prov?: string; chartMediaType?: string; config?: string; expectStatus?: number } = {},
): Promise<{ res: Response } & OciChartPush> {
  const name = `${repoPath}/${chartName}`;
  const config = options.config ?? chartConfig(chartName, tag.replaceAll('_', '+'));
  const configDigest = await pushBlob(name, config);
  const chartDigest = await pushBlob(name, archive);
  const layers = [await descriptorOf(options.chartMediaType ?? HELM_CHART, archive)];
  if (options.prov) {
    await pushBlob(name, options.prov);
    layers.push(await descriptorOf(HELM_PROV, options.prov));
  }
  const manifest = chartManifest(await descriptorOf(HELM_CONFIG, config), layers);
  const res = await request('PUT', `/v2/${name}/manifests/${tag}`, {
    body: manifest,
    headers: { 'content-type': OCI_MANIFEST },
  });
  if (options.expectStatus !== undefined)
    expect(res.status, await res.clone().text()).toBe(options.expectStatus);
  return { res, manifest, digest: await sha256(manifest), chartDigest, configDigest };
}

/** Uploads a chart archive over HTTP (`PUT <chart>-<version>.tgz`). */
export function putChartHttp(
  repoPath: string,
  archive: Uint8Array<ArrayBuffer>,
  fileName: string,
): Promise<Response> {
  return request('PUT', `/repositories/${repoPath}/${fileName}`, {
    body: archive,
    headers: { 'content-type': 'application/gzip', 'content-length': String(archive.byteLength) },
  });
}

/** A fresh repository in the default storage, so each test file has its own index. */
let repoCounter = 0;
export async function createRepository(
  db: D1Database,
  settings: {
    mode?: 'hybrid' | 'http' | 'oci';
    allowOverwrite?: boolean;
    visibility?: 'public' | 'private';
  } = {},
): Promise<string> {
  repoCounter += 1;
  const name = `repo-${repoCounter}-${Math.random().toString(36).slice(2, 7)}`;
  await db
    .prepare(
      `INSERT INTO repositories (storage_id, name, mode, allow_overwrite, visibility)
       SELECT id, ?1, ?2, ?3, ?4 FROM storages WHERE name = 'default'`,
    )
    .bind(
      name,
      settings.mode ?? 'hybrid',
      settings.allowOverwrite ? 1 : 0,
      settings.visibility ?? 'public',
    )
    .run();
  return `default/${name}`;
}

/** The id of a `<storage>/<name>` repository made by createRepository. */
export async function repositoryId(db: D1Database, repo: string): Promise<number> {
  const id = await db
    .prepare('SELECT id FROM repositories WHERE name = ?1')
    .bind(repo.split('/')[1])
    .first<number>('id');
  if (id === null) throw new Error(`no repository ${repo}`);
  return id;
}

/** Changes a repository through the admin API (as an operator would). */
export async function patchRepository(
  db: D1Database,
  repo: string,
  change: Record<string, string>,
): Promise<void> {
  const patch = await request('PATCH', `/api/repositories/${await repositoryId(db, repo)}`, {
    body: JSON.stringify(change),
    headers: { 'content-type': 'application/json' },
  });
  expect(patch.status).toBe(200);
}

/**
 * A response body as text. Responses with `Content-Encoding: gzip` arrive decoded already: the
 * Workers runtime's fetch decodes content-coding, as HTTP clients such as Helm do.
 */
export function responseText(res: Response): Promise<string> {
  return res.text();
}

/** A provenance file shaped like `helm package --sign` output (the signature is not checked server-side). */
export function fakeProvenance(name: string, version: string, archiveDigest: string): string {
  return [
    '-----BEGIN PGP SIGNED MESSAGE-----',
    'Hash: SHA512',
    '',
    'apiVersion: v2',
    `name: ${name}`,
    `version: ${version}`,
    '',
    '...',
    'files:',
    `  ${name}-${version}.tgz: ${archiveDigest}`,
    '-----BEGIN PGP SIGNATURE-----',
    '',
    'wsBcBAEBCgAQBQJkAAAAAAkQAAAAAAAAAAAAAA==',
    '=AAAA',
    '-----END PGP SIGNATURE-----',
    '',
  ].join('\n');
}
