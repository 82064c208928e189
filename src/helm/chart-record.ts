/** Builds the chart_versions row for a chart version, whichever protocol brought it. */
import type { ChartContents } from '../core/chart-contents';
import type { ChartMetadata } from '../core/chart-metadata';
import type { ChartVersionInput } from '../storage/chart-versions-db';
import { versionTag } from './chart-metadata';
import { chartVersionObject, indexYamlFragment } from './index-entry';
import { versionSortKey } from './version-order';

export interface ChartRecordInput {
  repositoryId: number;
  nameId: number;
  metadata: ChartMetadata;
  archiveDigest: string;
  archiveSize: number;
  manifestDigest: string;
  provDigest: string | null;
  /** The `.prov`'s signing key id (prov-key-id.ts); '' when the file has no readable signature. */
  provKeyId: string | null;
  protocol: 'oci' | 'http';
  contents: ChartContents;
  /** Keep the original creation time when a version is re-recorded. */
  created?: string;
}

export function chartRecord(input: ChartRecordInput): ChartVersionInput {
  const created = input.created ?? new Date().toISOString();
  const entry = chartVersionObject({
    metadata: input.metadata,
    digestHex: input.archiveDigest.replace(/^sha256:/, ''),
    created,
  });
  return {
    repositoryId: input.repositoryId,
    nameId: input.nameId,
    metadata: input.metadata,
    tag: versionTag(input.metadata.version),
    versionSort: versionSortKey(input.metadata.version),
    created,
    archiveDigest: input.archiveDigest,
    archiveSize: input.archiveSize,
    manifestDigest: input.manifestDigest,
    provDigest: input.provDigest,
    provKeyId: input.provKeyId,
    protocol: input.protocol,
    indexYaml: indexYamlFragment(entry),
    indexJson: JSON.stringify(entry),
    contents: input.contents,
  };
}
