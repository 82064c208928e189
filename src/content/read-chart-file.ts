/** Where a chart file's bytes come from on the Helm HTTP repository: its blob's row in D1, then R2. */
import { RegistryError } from '../errors/registry-error';
import { openBlob } from '../storage/blob-bytes';
import { bucketFor } from '../storage/buckets';
import { findChartFile, type ChartFile } from '../storage/chart-versions-db';

export interface ChartFileRef {
  chart: string;
  version: string;
  /** The archive (`<chart>-<version>.tgz`) or its provenance file (`.tgz.prov`). */
  kind: 'archive' | 'prov';
}

/** A chart file, and its bytes (null for HEAD). */
export interface ChartFileRead {
  file: ChartFile;
  body: ReadableStream<Uint8Array> | null;
}

/**
 * Reads a chart file of a repository for a GET or HEAD. The bytes are those of the blob the OCI
 * surface serves by digest (inline in D1 up to 16 KiB, else R2: storage/blob-bytes.ts); Helm
 * downloads a chart file once per install, so it is neither remembered nor edge-cached.
 */
export async function readChartFile(
  env: Env,
  repository: { repositoryId: number; storageId: number; bucket: string },
  ref: ChartFileRef,
  method: string,
): Promise<ChartFileRead> {
  const suffix = ref.kind === 'prov' ? '.tgz.prov' : '.tgz';
  const missing = () =>
    new RegistryError(
      'BLOB_UNKNOWN',
      `no such chart file ${ref.chart}/${ref.chart}-${ref.version}${suffix}`,
    );
  const { repositoryId, storageId } = repository;
  const file = await findChartFile(
    env.DB,
    repositoryId,
    storageId,
    ref.chart,
    ref.version,
    ref.kind,
  );
  if (!file) throw missing();
  if (method === 'HEAD') return { file, body: null };
  const body = await openBlob(bucketFor(env, repository.bucket), file);
  if (!body) throw missing();
  return { file, body };
}
