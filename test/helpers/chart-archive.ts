// Chart archives shaped like `helm package` output, built in memory (Workers and Node alike).
import { packTar, type TarEntry } from 'modern-tar';

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
  files?: Record<string, string | Uint8Array<ArrayBuffer>>;
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

export async function tarOf(
  entries: Record<string, string | Uint8Array<ArrayBuffer>>,
): Promise<Uint8Array<ArrayBuffer>> {
  return tarOfEntries(Object.entries(entries).map(([name, body]) => ({ name, body })));
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
  const files: Record<string, string | Uint8Array<ArrayBuffer>> = {
    [`${dir}/Chart.yaml`]: o.chartYaml ?? chartYamlOf(o),
    [`${dir}/values.yaml`]: 'replicaCount: 1\n',
    [`${dir}/templates/configmap.yaml`]:
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n',
  };
  for (const [path, body] of Object.entries(o.files ?? {})) files[`${dir}/${path}`] = body;
  return gzip(await tarOf(files));
}
