import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The admin console: built into dist/console and served by the service at `/` (the API stays under /api).
// Vite 8 compiles TSX itself (Oxc); React's automatic JSX runtime, no plugin needed.
const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: '/',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: path.resolve(here, '../dist/console'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 800,
  },
  server: {
    // `npx vite --config console/vite.config.ts` for development: the API of a service on :3000.
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
