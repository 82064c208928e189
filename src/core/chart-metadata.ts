/** Chart metadata as it is stored and rendered (helm/chart-metadata.ts parses and validates it). */

export type ChartMaintainer = {
  name: string;
  email?: string | undefined;
  url?: string | undefined;
};

export type ChartDependency = {
  name: string;
  version?: string | undefined;
  repository?: string | undefined;
  condition?: string | undefined;
  tags?: string[] | undefined;
  enabled?: boolean | undefined;
  'import-values'?: unknown[] | undefined;
  alias?: string | undefined;
};

/**
 * Chart metadata with Helm's field names (helm/pkg/chart/metadata.go, json tags). A type, not an
 * interface, so it reads as a plain record (helm/oci-chart.ts writes it out as JSON).
 */
export type ChartMetadata = {
  apiVersion: string;
  name: string;
  version: string;
  kubeVersion?: string | undefined;
  description?: string | undefined;
  type?: string | undefined;
  keywords?: string[] | undefined;
  home?: string | undefined;
  sources?: string[] | undefined;
  dependencies?: ChartDependency[] | undefined;
  maintainers?: ChartMaintainer[] | undefined;
  icon?: string | undefined;
  /** Always a string: `appVersion: 1.10` means "1.10" (helm/chart-metadata.ts). */
  appVersion?: string | undefined;
  deprecated?: boolean | undefined;
  annotations?: Record<string, string> | undefined;
  condition?: string | undefined;
  tags?: string | undefined;
};
