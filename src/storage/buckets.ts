/** Resolves a storage's R2 bucket binding by name (storages.bucket). */

export function bucketFor(env: Env, binding: string): R2Bucket {
  const bucket = (env as unknown as Record<string, unknown>)[binding];
  if (!bucket || typeof (bucket as R2Bucket).get !== 'function') {
    throw new Error(`storage bucket binding "${binding}" is not configured in wrangler.toml`);
  }
  return bucket as R2Bucket;
}
