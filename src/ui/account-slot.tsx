/** The header's signed-in state and account links: sign in, or who is signed in, administration, sign out. */
import type { PageUser } from './page-user';

/**
 * Links only (no form, so no CSRF token is needed on every page): `/sign-out` answers a GET with
 * its confirmation form. The administration pages put a real sign-out form here instead.
 */
export function AccountSlot({ user }: { user: PageUser | null }) {
  if (!user) {
    return (
      <div class="account">
        <a href="/sign-in">Sign in</a>
      </div>
    );
  }
  return (
    <div class="account">
      <span>
        Signed in as <strong>{user.name}</strong>
      </span>
      <a href="/admin">Administration</a>
      <a href="/sign-out">Sign out</a>
    </div>
  );
}
