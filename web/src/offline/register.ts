/// <reference types="vite/client" />
import { Workbox } from 'workbox-window';
import { startOutbox } from './outbox.ts';

/** The API answers the service worker keeps (web/vite.config.ts); dropped on logging out. */
export const apiCacheName = 'tieuchi-api';

/**
 * Starts the offline queue and, in production builds, registers the service worker that makes
 * the app installable and usable offline (a new version takes over on the next load).
 */
export function startOffline(): void {
  startOutbox();
  if (import.meta.env.PROD && 'serviceWorker' in navigator)
    void new Workbox('/sw.js', { scope: '/' }).register().catch(() => {
      // Without a service worker the app still works online; the queue still keeps offline input.
    });
}

/** Forgets the API answers kept for offline use (another person may log in on this device). */
export async function clearOfflineReads(): Promise<void> {
  if ('caches' in window) await caches.delete(apiCacheName);
}
