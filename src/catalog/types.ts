/**
 * What the chart catalog answers (the JSON API returns these as they are; the pages render them).
 * One shape per question, decided here once: catalog/*.ts fills them, api/ and ui/ only show them.
 */
import type { ChartMaintainer } from '../core/chart-metadata';
import type { ExtractedFile } from '../core/chart-contents';

/** A repository as `<storage>/<repository>`. */
export interface RepositoryRef {
  storage: string;
  repository: string;
}

/** A repository on the home page: what the caller may read. */
export interface RepositorySummary extends RepositoryRef {
  visibility: 'public' | 'private';
  mode: 'hybrid' | 'http' | 'oci';
  /** Distinct chart names. */
  charts: number;
  /** ISO 8601 time of the last change to its charts, null when it never had one. */
  lastPush: string | null;
}

/** A chart as a search result or in a list (its latest version's fields). */
export interface ChartSummary extends RepositoryRef {
  name: string;
  /** The repository's (pages mark private charts; catalogCacheControl decides from it). */
  visibility: 'public' | 'private';
  latestVersion: string;
  appVersion: string | null;
  description: string | null;
  /** As Chart.yaml gives it; pages show only http(s) URLs. */
  icon: string | null;
  deprecated: boolean;
  /** ISO 8601 time the latest version was published. */
  created: string;
}

export interface SearchPage {
  query: string;
  /** 1-based. */
  page: number;
  perPage: number;
  /** Matches in all (every page). */
  total: number;
  hits: ChartSummary[];
}

/** One version in a chart's version list. */
export interface ChartVersionSummary {
  version: string;
  appVersion: string | null;
  created: string;
  /** The archive's digest (`sha256:…`), as index.yaml's `digest` without the prefix has it. */
  digest: string;
  deprecated: boolean;
  /** A SemVer prerelease, or `artifacthub.io/prerelease: "true"`. */
  prerelease: boolean;
  /** A `.prov` is attached. */
  signed: boolean;
  /** How it arrived. */
  protocol: 'oci' | 'http';
}

export interface ChartOverview extends RepositoryRef {
  name: string;
  /** The repository's (catalogCacheControl decides from it). */
  visibility: 'public' | 'private';
  /** Newest first (SemVer precedence, as index.yaml orders them). */
  versions: ChartVersionSummary[];
}

/** A file extracted at publish: where the page links it, how big it was. */
export interface FileRef {
  path: string;
  /** Its size in the archive. */
  size: number;
  /** Only the first BODY_CAPS bytes were kept (helm/chart-contents.ts). */
  truncated: boolean;
}

/** A file's (capped) text. */
export interface FileBody extends FileRef {
  text: string;
}

export interface ChartDependencyView {
  name: string;
  version: string | null;
  repository: string | null;
  alias: string | null;
  condition: string | null;
  /** When the dependency lives in this registry: the chart it resolves to (the page links it). */
  local: (RepositoryRef & { name: string }) | null;
}

export interface ChartLink {
  name: string;
  url: string;
}

/** One `artifacthub.io/changes` entry (kind: added, changed, deprecated, removed, fixed, security). */
export interface ChangeEntry {
  kind: string | null;
  description: string;
  links: ChartLink[];
}

/** A version's metadata and what was extracted from its archive (no bodies: see readChartFile). */
export interface ChartVersionDetail extends RepositoryRef, ChartVersionSummary {
  name: string;
  apiVersion: string;
  description: string | null;
  type: string | null;
  keywords: string[];
  home: string | null;
  sources: string[];
  icon: string | null;
  kubeVersion: string | null;
  maintainers: ChartMaintainer[];
  dependencies: ChartDependencyView[];
  /** Chart.yaml annotations as they are. */
  annotations: Record<string, string>;
  /** From `artifacthub.io/license`, null when absent. */
  license: string | null;
  /** From `artifacthub.io/links`. */
  links: ChartLink[];
  /** From `artifacthub.io/images`. */
  images: { name: string; image: string; whitelisted: boolean }[];
  /** From `artifacthub.io/changes` (the changelog of this version). */
  changes: ChangeEntry[];
  containsSecurityUpdates: boolean;
  /** Provenance: whether a `.prov` is attached and, when it could be read, its signing key id. */
  provenance: { signed: boolean; keyId: string | null };
  archiveSize: number;
  /** The version as Helm fetches it over each protocol, paths on this host. */
  download: {
    /** `/repositories/<storage>/<repository>/charts/<chart>/<chart>-<version>.tgz` (index.yaml's URL), null in an oci-mode repository. */
    http: string | null;
    /** `<storage>/<repository>/<chart>:<tag>` (the tag: `+` as `_`), null in an http-mode repository. */
    oci: string | null;
  };
  /** The repository's mode (which install instructions apply). */
  mode: 'hybrid' | 'http' | 'oci';
  /** What was extracted; null while the backfill has not reached this version yet. */
  files: {
    readme: FileRef | null;
    values: FileRef | null;
    schema: FileRef | null;
    templates: FileRef[];
    crds: FileRef[];
    lock: FileRef | null;
    /** Files past the extraction's file limit, listed nowhere. */
    omitted: number;
    /** Why nothing could be extracted (an unreadable archive), else null. */
    unreadable: string | null;
  } | null;
}

/** A version's page: its detail, the chart's version list, in one D1 query. */
export interface ChartPage {
  chart: ChartOverview;
  version: ChartVersionDetail;
  /** Null when nothing was extracted (yet). */
  contents: ContentsHandle | null;
}

/** `values.schema.json` parsed, or why not (an invalid schema is shown as text with this note). */
export interface SchemaView {
  file: FileBody;
  /** The parsed document when it is JSON (an object); null with `error` otherwise. */
  schema: unknown;
  error: string | null;
}

/** One change between two versions' default values, at a path of keys (array indexes as strings). */
export interface ValuesChange {
  path: string[];
  kind: 'added' | 'removed' | 'changed';
  /** The old value (absent for `added`); objects and arrays summarised when over the size cap. */
  from?: unknown;
  to?: unknown;
}

export interface ValuesDiff {
  from: string;
  to: string;
  changes: ValuesChange[];
  /** Either side's values.yaml was truncated at extraction, or the change list was capped. */
  truncated: boolean;
  /** Either side's values.yaml could not be parsed as YAML (then `changes` is empty). */
  error: string | null;
}

/**
 * Where a version's extracted bodies are, for reading the ones a page shows (catalog fills it;
 * never part of a JSON answer).
 */
export interface ContentsHandle {
  repositoryId: number;
  archiveDigest: string;
  bucket: string;
  /** The bodies when they are inline in the D1 row (then reading them costs nothing). */
  inline: Uint8Array | null;
  r2Key: string | null;
  files: ExtractedFile[];
}
