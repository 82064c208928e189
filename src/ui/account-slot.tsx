/** The header's signed-in state and account links (the admin UI fills in sign-in/sign-out). */
import type { PageUser } from './page-user';

export function AccountSlot({ user }: { user: PageUser | null }) {
  if (!user) return <div class="account"></div>;
  return (
    <div class="account">
      <span>
        Signed in as <strong>{user.name}</strong>
      </span>
    </div>
  );
}
