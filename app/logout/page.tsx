import { SignOutNow } from "@/components/auth/SignOutNow";

export const metadata = { title: "Sign out · CodeGym Curator" };

export default function LogoutPage() {
  return <SignOutNow />;
}
