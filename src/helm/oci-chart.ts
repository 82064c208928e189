/** Helm charts as OCI artifacts: recognising a chart manifest, and building one for an HTTP upload. */
import type { ParsedManifest } from '../oci/manifest';
import { MEDIA_TYPES } from '../oci/manifest';
import type { ChartMetadata } from '../core/chart-metadata';

/** The media types of Helm charts as OCI artifacts (Helm docs "Registries", HIP 6). */
export const HELM_MEDIA_TYPES = {
  config: 'application/vnd.cncf.helm.config.v1+json',
  chart: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip',
  provenance: 'application/vnd.cncf.helm.chart.provenance.v1.prov',
  /** Helm < 3.7 chart layer. */
  legacyChart: 'application/tar+gzip',
  /** The experimental `helm chart save` layout: a meta layer and a content layer. */
  experimentalMeta: 'application/vnd.cncf.helm.chart.meta.v1+json',
  experimentalChart: 'application/vnd.cncf.helm.chart.content.v1+tar',
} as const;

type Layer = ParsedManifest['layers'][number];

export interface ChartLayers {
  /** null: the manifest says it is a chart but carries no chart layer. */
  chart: Layer | null;
  provenance: Layer | null;
}

/**
 * The chart and provenance layers of a manifest, or null when the manifest is not a Helm chart;
 * the pre-3.7 and experimental layouts Helm still pulls are charts too.
 */
export function chartLayers(manifest: ParsedManifest): ChartLayers | null {
  if (!manifest.config) return null;
  const find = (type: string) => manifest.layers.find((l) => l.mediaType === type) ?? null;
  const helmConfig = manifest.config.mediaType === HELM_MEDIA_TYPES.config;
  const experimental = find(HELM_MEDIA_TYPES.experimentalMeta) !== null;
  if (!helmConfig && !experimental) return null;
  const chart =
    find(HELM_MEDIA_TYPES.chart) ??
    (helmConfig ? find(HELM_MEDIA_TYPES.legacyChart) : null) ??
    find(HELM_MEDIA_TYPES.experimentalChart);
  return { chart, provenance: find(HELM_MEDIA_TYPES.provenance) };
}

// Field order of Helm's chart.Metadata (helm/pkg/chart/metadata.go), which Helm marshals as the
// config blob, so a chart uploaded over HTTP gets the config `helm push` would have written.
const CONFIG_FIELDS = [
  'name',
  'home',
  'sources',
  'version',
  'description',
  'keywords',
  'maintainers',
  'icon',
  'apiVersion',
  'condition',
  'tags',
  'appVersion',
  'deprecated',
  'annotations',
  'kubeVersion',
  'dependencies',
  'type',
] as const;

/** The Helm config blob for a chart: its metadata as JSON, empty fields omitted. */
export function chartConfigJson(metadata: ChartMetadata): string {
  const source = metadata as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const field of CONFIG_FIELDS) {
    const value = source[field];
    const empty =
      value === undefined ||
      value === '' ||
      value === false ||
      (Array.isArray(value) && value.length === 0) ||
      (typeof value === 'object' && value !== null && Object.keys(value).length === 0);
    if (!empty) out[field] = value;
  }
  return JSON.stringify(out);
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
}

/** A chart manifest with a stable digest: same inputs, same bytes. */
export function chartManifestJson(
  config: Descriptor,
  chart: Descriptor,
  provenance: Descriptor | null,
): string {
  const layer = (d: Descriptor) => ({ mediaType: d.mediaType, digest: d.digest, size: d.size });
  return JSON.stringify({
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.ociManifest,
    config: layer(config),
    layers: provenance ? [layer(chart), layer(provenance)] : [layer(chart)],
  });
}
