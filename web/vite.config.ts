import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The web UI: sources in web/, built into dist/web (served by the API server with an SPA
 * fallback). Installable (web/src/offline): a Vietnamese manifest, and a Workbox service worker
 * that precaches the app shell and keeps the API answers a person last opened (NetworkFirst:
 * fresh when online, the last copy when not). Registered in production builds only.
 */
export default defineConfig({
  root: here,
  plugins: [
    react(),
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: false,
      manifest: {
        name: 'TieuChi — Theo dõi tiêu chí',
        short_name: 'TieuChi',
        description: 'Theo dõi, đánh giá mức độ đạt các bộ tiêu chí của đơn vị hành chính',
        lang: 'vi',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        theme_color: '#1f3a68',
        background_color: '#ffffff',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,png,svg,woff2}'],
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
        navigateFallback: '/index.html',
        // The API, its reference page and downloads are never the app shell.
        navigateFallbackDenylist: [/^\/api(\/|$)/],
        cleanupOutdatedCaches: true,
        runtimeCaching: [
          {
            // Reads a person opened (their unit, their dossiers, evidence previews): the network
            // first, the last answer when offline. Writes are never cached (the offline queue
            // keeps them). Cleared on logging out.
            urlPattern: ({ url, request, sameOrigin }) =>
              sameOrigin &&
              request.method === 'GET' &&
              url.pathname.startsWith('/api/') &&
              !url.pathname.startsWith('/api/docs') &&
              // The public portal (CAPTCHAs, residents' pages) is never kept.
              !url.pathname.startsWith('/api/public/') &&
              !url.pathname.startsWith('/api/exports') &&
              !url.pathname.endsWith('.zip'),
            handler: 'NetworkFirst',
            options: {
              cacheName: 'tieuchi-api',
              networkTimeoutSeconds: 8,
              expiration: { maxEntries: 400, maxAgeSeconds: 30 * 24 * 3600 },
              cacheableResponse: { statuses: [200] },
            },
          },
        ],
      },
    }),
  ],
  build: {
    outDir: join(here, '..', 'dist', 'web'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 800,
  },
  server: {
    port: 5173,
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
