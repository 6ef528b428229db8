// Vite build of the renderer: one SPA (till, scanner station, reports) from renderer/ into dist/renderer/.
// The RxDB dev-mode plugin is never imported by renderer/, so it cannot ship.
// The sync server serves dist/renderer/ at `/` with an SPA fallback for /till, /scanner and /reports.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('./renderer/', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/renderer/', import.meta.url));

export default defineConfig(() => ({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    // No public source maps in production: emitted only for development (AISLE_SOURCEMAPS=1, and the
    // server then serves them too; rebuild with `tsx scripts/build-renderer.ts --force` after switching).
    sourcemap: process.env.AISLE_SOURCEMAPS === '1',
    chunkSizeWarningLimit: 2000,
    // Two entries: the SPA and the app-shell service worker, which must sit at /sw.js (its scope).
    rolldownOptions: {
      input: { main: join(root, 'index.html'), sw: join(root, 'sw.ts') },
      output: { entryFileNames: (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js') },
    },
  },
  server: { port: 5173 },
}));
