import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { withEarlySocketScript } from './src/shared/early-socket-script';
import { assertStylesheetsInline, withInlineStylesheets } from './src/shared/page-html';

/**
 * index.html's last changes, after Vite's own: its one inline script (the early socket) and its stylesheet inline
 * (src/shared/page-html.ts says why). In dev (no bundle) the stylesheet stays a link; in a build, a link left is
 * an error (the inlining did not recognise Vite's tag).
 */
const pageHtml: Plugin = {
  name: 'netscope-page-html',
  transformIndexHtml: {
    order: 'post',
    handler(html, ctx) {
      const css = (href: string): string | null => {
        const asset = ctx.bundle?.[href];
        return asset?.type === 'asset' && typeof asset.source === 'string' ? asset.source : null;
      };
      const page = withInlineStylesheets(html, css);
      return withEarlySocketScript(ctx.bundle ? assertStylesheetsInline(page) : page);
    },
  },
};

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
    plugins: [react(), pageHtml],
    build: {
      // electron-vite leaves bundles unminified; the renderer is also served to browsers, where
      // parsing 2 MB instead of ~0.7 MB is a visible part of the first paint.
      minify: true,
      outDir: 'out/renderer',
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
  },
});
