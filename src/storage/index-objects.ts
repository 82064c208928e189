/** Rendered indexes in R2, one object per repository, generation and format (r2-keys.ts). */
import { bucketFor } from './buckets';
import { indexObjectKey, indexObjectPrefix } from './r2-keys';
import { writeStreamToR2 } from './r2-stream-writer';

export interface IndexObjectRef {
  bucket: string;
  repositoryId: number;
  generation: number;
  format: 'yaml' | 'json';
}

export const indexObjectKeyOf = (ref: IndexObjectRef) =>
  indexObjectKey(ref.repositoryId, ref.generation, ref.format);

/** The gzipped index of that generation, if it was rendered. */
export function readIndexObject(env: Env, ref: IndexObjectRef): Promise<R2ObjectBody | null> {
  return bucketFor(env, ref.bucket).get(indexObjectKeyOf(ref));
}

/** Writes the gzipped index of that generation, in constant memory. */
export function writeIndexObject(
  env: Env,
  ref: IndexObjectRef,
  gzip: ReadableStream<Uint8Array>,
): Promise<void> {
  return writeStreamToR2(bucketFor(env, ref.bucket), indexObjectKeyOf(ref), gzip);
}

/** Deletes the repository's indexes of generations before `ref`'s (every one with `all`). */
export async function deleteIndexObjects(
  env: Env,
  ref: Omit<IndexObjectRef, 'format' | 'generation'> & { generation: number | 'all' },
): Promise<void> {
  const bucket = bucketFor(env, ref.bucket);
  const prefix = indexObjectPrefix(ref.repositoryId);
  const listed = await bucket.list({ prefix });
  const stale = listed.objects
    .map((o) => o.key)
    .filter(
      (k) =>
        ref.generation === 'all' || Number(k.slice(prefix.length).split('.')[0]) < ref.generation,
    );
  if (stale.length) await bucket.delete(stale);
}
