import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = { title: "CodeGym Curator", description: "Browse, verify, curate and export CodeGym environments" };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="top">
          <Link href="/environments" className="brand">CodeGym Curator</Link>
          <nav style={{ display: "flex", gap: 16 }}>
            <Link href="/environments">Environments</Link>
          </nav>
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}
