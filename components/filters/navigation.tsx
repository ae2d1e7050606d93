"use client";

import { useRouter } from "next/navigation";
import { createContext, useContext, useTransition, type MouseEvent, type ReactNode } from "react";

// Filter, sort and page changes are navigations to a new URL (the URL is the
// state, so every view can be shared and reloaded); the server component renders
// the result. This region runs them as transitions and marks itself busy meanwhile.

interface Navigation {
  pending: boolean;
  /** Filter, sort and page changes keep the scroll position; opening another page passes scroll: true. */
  navigate: (href: string, options?: { scroll?: boolean }) => void;
}

const NavigationContext = createContext<Navigation | null>(null);

export function NavigationRegion({ children, className }: { children: ReactNode; className?: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const navigate = (href: string, options?: { scroll?: boolean }) => startTransition(() => router.push(href, { scroll: options?.scroll ?? false }));
  return (
    <NavigationContext.Provider value={{ pending, navigate }}>
      <div className={`${className ?? ""} ${pending ? "is-pending" : ""}`} aria-busy={pending} data-pending={pending || undefined}>
        {children}
      </div>
    </NavigationContext.Provider>
  );
}

export function useNavigation(): Navigation {
  const router = useRouter();
  return useContext(NavigationContext) ?? { pending: false, navigate: (href) => router.push(href) };
}

/** A real link (middle-click and copy work) that navigates inside the region's transition. */
type LinkAttributes = { title?: string } & { [k: `aria-${string}`]: string | undefined } & { [k: `data-${string}`]: string | undefined };

export function NavigationLink({ href, children, className, ...rest }: { href: string; children: ReactNode; className?: string } & LinkAttributes) {
  const { navigate } = useNavigation();
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(href);
  };
  return (
    <a href={href} onClick={onClick} className={className} {...rest}>
      {children}
    </a>
  );
}
