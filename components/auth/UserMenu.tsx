import Link from "next/link";
import { getSessionUser } from "@/lib/auth/session";
import { hasRole } from "@/lib/auth/roles";
import styles from "@/components/curation/curation.module.css";
import { ChangePasswordButton } from "./ChangePasswordButton";
import { SignOutButton } from "./SignOutButton";

/** The header's right side: sign-in link, or who is signed in with the links their role may use. */
export async function UserMenu() {
  const user = await getSessionUser();
  if (!user) {
    return (
      <nav className={styles.userMenu} aria-label="Account">
        <Link href="/login">Sign in</Link>
      </nav>
    );
  }
  return (
    <nav className={styles.userMenu} aria-label="Account">
      <Link href="/audit">History</Link>
      {hasRole(user.role, "admin") && <Link href="/admin/users">Admin</Link>}
      <span data-testid="current-user">
        {user.username} <span className={styles.role}>{user.role}</span>
      </span>
      <ChangePasswordButton />
      <SignOutButton />
    </nav>
  );
}
