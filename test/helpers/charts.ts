// Chart fixtures built in the test: `helm package`-shaped .tgz archives, and OCI pushes of them.
import { packTar, type TarEntry } from 'modern-tar';
import { expect } from 'vitest';
import { pushBlob, request, sha256 } from './oci';

export const HELM_CONFIG = 'application/vnd.cncf.helm.config.v1+json';
export const HELM_CHART = 'application/vnd.cncf.helm.chart.content.v1.tar+gzip';
export const HELM_PROV = 'application/vnd.cncf.helm.chart.provenance.v1.prov';

export interface ChartOptions {
  name: string;
  version: string;
  appVersion?: string;
  description?: string;
  /** Replaces the generated Chart.yaml. */
  chartYaml?: string;
  /** Extra files inside the chart directory (path relative to it). */
  files?: Record<string, string>;
  /** Directory name in the archive (defaults to the chart name). */
  dir?: string;
}

export async function gzip(data: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([data]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export function chartYamlOf(o: ChartOptions): string {
  return [
    'apiVersion: v2',
    `name: ${o.name}`,
    `description: ${o.description ?? 'A test chart'}`,
    'type: application',
    `version: ${o.version}`,
    `appVersion: "${o.appVersion ?? '1.0.0'}"`,
    '',
  ].join('\n');
}

export async function tarOf(entries: Record<string, string>): Promise<Uint8Array<ArrayBuffer>> {
  const list: TarEntry[] = Object.entries(entries).map(([name, body]) => ({
    header: { name, size: new TextEncoder().encode(body).byteLength, type: 'file' },
    body,
  }));
  return new Uint8Array(await packTar(list));
}

/**
 * A tar of entries in this order, names kept as given: duplicates, `\\`, `./` and `//` included
 * (hostile archives that no `helm package` makes).
 */
export async function tarOfEntries(
  entries: {
    name: string;
    body: string | Uint8Array<ArrayBuffer>;
    type?: TarEntry['header']['type'];
  }[],
): Promise<Uint8Array<ArrayBuffer>> {
  const list: TarEntry[] = entries.map(({ name, body, type }) => {
    const data = typeof body === 'string' ? new TextEncoder().encode(body) : body;
    return { header: { name, size: data.byteLength, type: type ?? 'file' }, body: data };
  });
  return new Uint8Array(await packTar(list));
}

/** A chart archive as `helm package` makes it: `<name>/Chart.yaml`, values, templates. */
export async function buildChart(o: ChartOptions): Promise<Uint8Array<ArrayBuffer>> {
  const dir = o.dir ?? o.name;
  const files: Record<string, string> = {
    [`${dir}/Chart.yaml`]: o.chartYaml ?? chartYamlOf(o),
    [`${dir}/values.yaml`]: 'replicaCount: 1\n',
    [`${dir}/templates/configmap.yaml`]:
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n',
  };
  for (const [path, body] of Object.entries(o.files ?? {})) files[`${dir}/${path}`] = body;
  return gzip(await tarOf(files));
}

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
  const config =
    options.config ??
    JSON.stringify({ name: chartName, version: tag.replaceAll('_', '+'), apiVersion: 'v2' });
  const configDigest = await pushBlob(name, config);
  const chartDigest = await pushBlob(name, archive);
  const layers = [
    {
      mediaType: options.chartMediaType ?? HELM_CHART,
      digest: chartDigest,
      size: archive.byteLength,
    },
  ];
  if (options.prov) {
    const provDigest = await pushBlob(name, options.prov);
    layers.push({
      mediaType: HELM_PROV,
      digest: provDigest,
      size: new TextEncoder().encode(options.prov).byteLength,
    });
  }
  const manifest = JSON.stringify({
    schemaVersion: 2,
    config: {
      mediaType: HELM_CONFIG,
      digest: configDigest,
      size: new TextEncoder().encode(config).byteLength,
    },
    layers,
  });
  const res = await request('PUT', `/v2/${name}/manifests/${tag}`, {
    body: manifest,
    headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' },
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
  const patch = await request('PATCH', `/api/repository/${await repositoryId(db, repo)}`, {
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
