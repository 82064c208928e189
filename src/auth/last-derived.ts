/** One secret's derived value (an imported key, a digest), computed once per isolate. */
/**
 * A value derived from a secret (an imported key, a digest), kept for the isolate's lifetime:
 * the secret is the same on every request, so the work is done once, not per request (profiled:
 * importing the upload-token key and hashing ADMIN_TOKEN were ~5% of a push's CPU). Only the
 * last secret is kept; a rejected derivation is forgotten.
 */
export function lastDerived<T>(
  derive: (secret: string) => Promise<T>,
): (secret: string) => Promise<T> {
  let last: { secret: string; value: Promise<T> } | null = null;
  return (secret) => {
    if (last?.secret === secret) return last.value;
    const entry = { secret, value: derive(secret) };
    last = entry;
    entry.value.catch(() => {
      if (last === entry) last = null;
    });
    return entry.value;
  };
}
