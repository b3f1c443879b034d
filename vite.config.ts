import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/** Lists every built file, so the service worker can cache the whole app (lazy chunks too) for offline use. */
function assetManifest(): Plugin {
  return {
    name: 'tilsyn-asset-manifest',
    // After Vite's own hooks: it drops the empty JS chunk of a CSS-only module (e.g. skaerpet.css) in
    // generateBundle, and a manifest listing it made the service worker's caching stop at a 404.
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        const files = Object.keys(bundle);
        this.emitFile({ type: 'asset', fileName: 'asset-manifest.json', source: JSON.stringify(files) });
      },
    },
  };
}

// The renderer is built once and served by the Tilsyn server (web mode) or the
// Electron custom protocol (desktop); relative base works for both.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), assetManifest()],
  // ES module workers (started with type 'module'): the dashboard worker's engine is a chunk of its own, loaded beside its first read.
  worker: { format: 'es' },
  build: { outDir: '../dist/renderer', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 1200 },
});
