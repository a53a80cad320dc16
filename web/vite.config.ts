import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));

/** The web UI: sources in web/, built into dist/web (served by the API server with an SPA fallback). */
export default defineConfig({
  root: here,
  plugins: [react()],
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
