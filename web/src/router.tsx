import { type AnchorHTMLAttributes, type MouseEvent, useSyncExternalStore } from 'react';

// A small History-API router: the state lives in the URL (path + query string), so links,
// reloads and back/forward all work.

const listeners = new Set<() => void>();

function subscribe(fn: () => void): () => void {
  listeners.add(fn);
  window.addEventListener('popstate', fn);
  return () => {
    listeners.delete(fn);
    window.removeEventListener('popstate', fn);
  };
}

function snapshot(): string {
  return window.location.pathname + window.location.search;
}

export interface Location {
  path: string;
  query: URLSearchParams;
}

/** The current path and query; re-renders on navigation. */
export function useLocation(): Location {
  const href = useSyncExternalStore(subscribe, snapshot);
  const url = new URL(href, window.location.origin);
  return { path: decodeURIComponent(url.pathname), query: url.searchParams };
}

/** Goes to `href` (pushing a history entry, or replacing the current one). */
export function navigate(href: string, opts: { replace?: boolean } = {}): void {
  if (href === snapshot()) return;
  if (opts.replace) window.history.replaceState(null, '', href);
  else window.history.pushState(null, '', href);
  for (const fn of listeners) fn();
  if (!opts.replace) window.scrollTo(0, 0);
}

/** `path?query` keeping only the defined, non-empty parameters. */
export function href(path: string, query: Record<string, string | undefined | null | false> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/** A real link that navigates inside the app (modifier clicks still open a new tab). */
export function Link({ to, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { to: string }) {
  const handle = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={handle} {...rest} />;
}
