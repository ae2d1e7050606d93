import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { UserMenu } from "@/components/auth/UserMenu";
import { NavLink } from "@/components/ui/nav-link";
import { Providers } from "./providers";
import "./globals.css";

export const metadata: Metadata = { title: "CodeGym Curator", description: "Browse, verify, curate and export CodeGym environments" };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">Skip to content</a>
        <header className="top">
          <Link href="/environments" className="brand">CodeGym Curator</Link>
          <nav className="top-nav" aria-label="Main">
            <NavLink href="/environments">Environments</NavLink>
            <NavLink href="/review">Review</NavLink>
            <NavLink href="/stats">Statistics</NavLink>
            <NavLink href="/exports">Exports</NavLink>
          </nav>
          {/* The account area (sign-in link or user menu) belongs to components/auth; it sits on the right. */}
          <UserMenu />
        </header>
        <Providers>
          <main id="main">{children}</main>
        </Providers>
      </body>
    </html>
  );
}
