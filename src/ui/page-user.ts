/** Who the layout says is signed in: the request's principal as the header shows it. */
import type { Principal } from '../auth/principal';

/** The signed-in state the header shows (null: nobody is signed in). */
export interface PageUser {
  name: string;
  admin: boolean;
}

export function pageUser(principal: Principal): PageUser | null {
  if (principal.kind === 'admin') return { name: principal.subject, admin: true };
  if (principal.kind === 'user' && principal.subject !== 'anonymous') {
    return { name: principal.subject, admin: false };
  }
  return null;
}
