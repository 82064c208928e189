// A ChartPage as the catalog returns it, for unit tests of the pages' views (override any field).
import type { ChartPage, ChartVersionDetail, ChartVersionSummary } from '../../src/catalog/types';

export function versionSummary(version: string, extra: Partial<ChartVersionSummary> = {}) {
  return {
    version,
    appVersion: '1.0.0',
    created: '2026-11-30T10:00:00.000Z',
    digest: `sha256:${'ab'.repeat(32)}`,
    deprecated: false,
    prerelease: false,
    signed: false,
    protocol: 'oci',
    ...extra,
  } satisfies ChartVersionSummary;
}

export function chartPageFixture(
  detail: Partial<ChartVersionDetail> = {},
  versions: ChartVersionSummary[] = [versionSummary('1.2.0'), versionSummary('1.1.0')],
): ChartPage {
  const ref = { storage: 'default', repository: 'charts' };
  const version: ChartVersionDetail = {
    ...ref,
    ...versionSummary(versions[0]?.version ?? '1.2.0'),
    name: 'demo',
    apiVersion: 'v2',
    description: 'A demo chart',
    type: 'application',
    keywords: ['web'],
    home: 'https://example.com/demo',
    sources: ['https://example.com/demo/src'],
    icon: 'https://example.com/icon.png',
    kubeVersion: null,
    maintainers: [{ name: 'Ada', email: 'ada@example.com' }],
    dependencies: [],
    annotations: {},
    license: 'Apache-2.0',
    links: [],
    images: [],
    changes: [],
    containsSecurityUpdates: false,
    provenance: { signed: false, keyId: null },
    archiveSize: 3210,
    download: {
      http: '/repositories/default/charts/demo-1.2.0.tgz',
      oci: 'default/charts/demo:1.2.0',
    },
    mode: 'hybrid',
    files: {
      readme: null,
      values: null,
      schema: null,
      templates: [],
      crds: [],
      lock: null,
      omitted: 0,
      unreadable: null,
    },
    ...detail,
  };
  return {
    chart: { ...ref, name: version.name, visibility: 'public', versions },
    version,
    contents: null,
  };
}
