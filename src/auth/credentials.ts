/** Reads the credential a client sent: Basic (token as password or as username) or Bearer. */

/**
 * The secret a request presents, or null. Accepted forms (DESIGN.md "credentials"):
 * `curl -u "<token>:"` (token as the Basic username, empty password), Basic with any
 * username and the token as password, and `Authorization: Bearer <token>`.
 */
export function presentedSecret(authorization: string | undefined): string | null {
  if (!authorization) return null;
  const space = authorization.indexOf(' ');
  if (space < 0) return null;
  const scheme = authorization.slice(0, space).toLowerCase();
  const value = authorization.slice(space + 1).trim();
  if (scheme === 'bearer') return value || null;
  if (scheme !== 'basic') return null;
  let decoded: string;
  try {
    decoded = atob(value);
  } catch {
    return null;
  }
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  const user = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  return password || user || null;
}

/** Compares two secrets in time independent of where they differ. */
export async function secretsEqual(a: string, b: string): Promise<boolean> {
  const enc = new TextEncoder();
  // Hash both sides first so the comparison length does not depend on the secret's length.
  const [ha, hb] = await Promise.all([
    crypto.subtle.digest('SHA-256', enc.encode(a)),
    crypto.subtle.digest('SHA-256', enc.encode(b)),
  ]);
  return crypto.subtle.timingSafeEqual(ha, hb);
}
