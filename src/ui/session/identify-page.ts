/**
 * Establishes a page request's principal. CONTRACT (lead): the admin-UI helper makes this read the
 * session cookie as well; until then it is the API's identify() (Basic/Bearer credentials).
 */
import { identify } from '../../auth/identify';

export function identifyPage() {
  return identify();
}
