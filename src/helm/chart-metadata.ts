/** Chart.yaml: parsing with the `yaml` library and validation by Helm's rules, made stricter for OCI. */
import semver from 'semver';
import { isScalar, parseDocument, visit, type Document } from 'yaml';
import * as z from 'zod/mini';
import type { ChartMetadata } from '../core/chart-metadata';
import { MAX_CHART_NAME_LENGTH } from '../oci/name-lengths';
import { isNameComponent } from '../oci/reference';
import { ChartInvalid } from './chart-error';
import { checkChartYamlBounds, MAX_CHART_YAML_ALIASES } from './chart-yaml-bounds';

/** Chart.yaml bigger than this is refused (Helm's own per-file limit is 5 MiB). */
export const MAX_CHART_YAML_SIZE = 1024 * 1024;
/** YAML alias expansions allowed in Chart.yaml: enough for real files, far from a "billion laughs". */
const MAX_ALIAS_COUNT = MAX_CHART_YAML_ALIASES;

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

function describe(error: z.core.$ZodError): string {
  const issue = error.issues[0]!;
  return `Chart.yaml: ${issue.path.join('.') || 'document'}: ${issue.message}`;
}

/** Checks a chart name: Helm's rules plus OCI's path-component grammar (lower case, no `/`, no `..`). */
export function checkChartName(name: string): void {
  if (name.length > MAX_CHART_NAME_LENGTH) {
    throw new ChartInvalid(
      `chart name "${name.slice(0, 40)}…" is ${name.length} characters long; at most ${MAX_CHART_NAME_LENGTH} are allowed, so that <storage>/<repository>/<chart> fits the 255 characters of an OCI name`,
    );
  }
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

const UTF16_BOMS = [
  [0xfe, 0xff],
  [0xff, 0xfe],
];

/**
 * Chart.yaml bytes as text, as Helm reads them: a UTF-8 byte-order mark is dropped (Helm's
 * LoadArchiveFiles trims it from every file, helm/pkg/chart/loader/archive/archive.go); anything
 * that is not UTF-8 is refused, as are NUL bytes (YAML 1.2 §5.1 excludes C0 controls other than
 * tab and line breaks; the YAML library Helm uses refuses them too).
 */
export function decodeChartYaml(bytes: Uint8Array): string {
  if (UTF16_BOMS.some(([a, b]) => bytes[0] === a && bytes[1] === b)) {
    throw new ChartInvalid('Chart.yaml must be UTF-8; it starts with a UTF-16 byte-order mark');
  }
  if (bytes.includes(0)) throw new ChartInvalid('Chart.yaml must not contain NUL bytes');
  try {
    // fatal: invalid UTF-8 throws; ignoreBOM false (the default): a UTF-8 BOM is dropped.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new ChartInvalid('Chart.yaml is not valid UTF-8');
  }
}

/**
 * Refuses a mapping with the same key twice, in one pass over the keys (the YAML library's own
 * check, `uniqueKeys`, compares every pair: quadratic). Keys must be scalars: Chart.yaml is read
 * as JSON-compatible YAML (sigs.k8s.io/yaml), where a key is a string.
 */
function checkKeys(document: Document): void {
  visit(document, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const { key } of map.items) {
        if (!isScalar(key)) throw new ChartInvalid('Chart.yaml: mapping keys must be scalars');
        const name = String(key.value);
        if (seen.has(name)) throw new ChartInvalid(`Chart.yaml: duplicate key "${name}"`);
        seen.add(name);
      }
    },
  });
}

/**
 * Parses and validates Chart.yaml text (the `yaml` library, aliases limited). Validation follows
 * Helm's `chart.Metadata.Validate` (helm/pkg/chart/metadata.go), made stricter where this
 * registry must also serve the chart over OCI: the name must be a valid OCI path component
 * (checkChartName) and the version strict SemVer 2.0.0 (checkChartVersion: Helm writes it as the
 * OCI tag).
 */
export function parseChartYaml(source: string): ChartMetadata {
  checkChartYamlBounds(source);
  let doc: unknown;
  let appVersionSource: string | undefined;
  try {
    const document = parseDocument(source, {
      keepSourceTokens: true,
      prettyErrors: false,
      uniqueKeys: false,
    });
    if (document.errors.length) throw document.errors[0];
    checkKeys(document);
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
    if (err instanceof ChartInvalid) throw err;
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
