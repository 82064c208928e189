/**
 * Chart.yaml: parsing (with the `yaml` library, aliases limited) and validation following Helm's
 * `chart.Metadata.Validate` (helm/pkg/chart/metadata.go), made stricter where this registry
 * must also serve the chart over OCI: the name must be a valid OCI path component and the
 * version strict SemVer 2.0.0 (Helm writes it as the OCI tag).
 */
import semver from 'semver';
import { isScalar, parseDocument } from 'yaml';
import * as z from 'zod/mini';
import { isNameComponent } from '../oci/reference';
import { ChartInvalid } from './chart-error';

/** Chart.yaml bigger than this is refused (Helm's own per-file limit is 5 MiB). */
export const MAX_CHART_YAML_SIZE = 1024 * 1024;
/** YAML alias expansions allowed in Chart.yaml: enough for real files, far from a "billion laughs". */
const MAX_ALIAS_COUNT = 50;

const text = z.optional(z.string());
const maintainer = z.object({ name: z.string(), email: text, url: text });
const dependency = z.object({
  name: z.string(),
  version: text,
  repository: text,
  condition: text,
  tags: z.optional(z.array(z.string())),
  enabled: z.optional(z.boolean()),
  'import-values': z.optional(z.array(z.unknown())),
  alias: text,
});

const chartYaml = z.object({
  apiVersion: z.string(),
  name: z.string(),
  version: z.string(),
  kubeVersion: text,
  description: text,
  type: text,
  keywords: z.optional(z.array(z.string())),
  home: text,
  sources: z.optional(z.array(z.string())),
  dependencies: z.optional(z.array(dependency)),
  maintainers: z.optional(z.array(maintainer)),
  icon: text,
  appVersion: z.optional(z.union([z.string(), z.number()])),
  deprecated: z.optional(z.boolean()),
  annotations: z.optional(z.record(z.string(), z.string())),
  condition: text,
  tags: text,
});

/** Chart metadata with Helm's field names (helm/pkg/chart/metadata.go, json tags). */
export type ChartMetadata = Omit<z.infer<typeof chartYaml>, 'appVersion'> & { appVersion?: string };

function describe(error: z.core.$ZodError): string {
  const issue = error.issues[0]!;
  return `Chart.yaml: ${issue.path.join('.') || 'document'}: ${issue.message}`;
}

/** Checks a chart name: Helm's rules plus OCI's path-component grammar (lower case, no `/`, no `..`). */
export function checkChartName(name: string): void {
  if (!isNameComponent(name)) {
    throw new ChartInvalid(
      `chart name "${name}" is not allowed: use lower-case letters, digits and single ".", "_" or "-" separators (no "/", "..", or upper case)`,
    );
  }
}

export function checkChartVersion(version: string): void {
  // semver.parse also takes "v1.2.3" and "=1.2.3"; require the canonical SemVer 2.0.0 spelling.
  const parsed = semver.parse(version);
  const canonical =
    parsed && parsed.version + (parsed.build.length ? `+${parsed.build.join('.')}` : '');
  if (canonical !== version) {
    throw new ChartInvalid(`chart version "${version}" is not a valid SemVer 2.0.0 version`);
  }
}

/** Parses and validates Chart.yaml text. */
export function parseChartYaml(source: string): ChartMetadata {
  let doc: unknown;
  let appVersionSource: string | undefined;
  try {
    const document = parseDocument(source, { keepSourceTokens: true, prettyErrors: false });
    if (document.errors.length) throw document.errors[0];
    doc = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    // Helm reads appVersion as a string: `appVersion: 1.10` means "1.10", not the number 1.1.
    const node = document.get('appVersion', true);
    if (
      isScalar(node) &&
      typeof node.value === 'number' &&
      node.srcToken &&
      'source' in node.srcToken
    ) {
      appVersionSource = node.srcToken.source;
    }
  } catch (err) {
    throw new ChartInvalid(`Chart.yaml is not valid YAML: ${(err as Error).message}`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new ChartInvalid('Chart.yaml must be a YAML mapping');
  }
  const parsed = chartYaml.safeParse(doc);
  if (!parsed.success) throw new ChartInvalid(describe(parsed.error));
  const meta = parsed.data;
  if (meta.apiVersion !== 'v1' && meta.apiVersion !== 'v2') {
    throw new ChartInvalid(`Chart.yaml: apiVersion must be v1 or v2, not "${meta.apiVersion}"`);
  }
  checkChartName(meta.name);
  checkChartVersion(meta.version);
  if (meta.type !== undefined && meta.type !== 'application' && meta.type !== 'library') {
    throw new ChartInvalid(
      `Chart.yaml: type must be "application" or "library", not "${meta.type}"`,
    );
  }
  const { appVersion, ...rest } = meta;
  if (appVersion === undefined) return rest;
  return { ...rest, appVersion: appVersionSource ?? String(appVersion) };
}

/** The OCI tag Helm uses for a chart version: `+` is not allowed in tags, so it becomes `_`. */
export function versionTag(version: string): string {
  return version.replaceAll('+', '_');
}
