import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// Three bundles: the Electron main process (engine + shell), the sandboxed
// preload (CommonJS, as sandboxed preloads must be), and the React renderer,
// which `netscope serve` also serves to browsers.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // proc-worker: the Linux reading threads, loaded by collectors/linux/index.ts from beside index.js.
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/electron/main.ts'),
          'proc-worker': resolve(__dirname, 'src/main/collectors/linux/proc-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].js' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [react()],
    build: {
      // electron-vite leaves bundles unminified; the renderer is also served to browsers, where
      // parsing 2 MB instead of ~0.7 MB is a visible part of the first paint.
      minify: true,
      outDir: 'out/renderer',
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
  },
});
