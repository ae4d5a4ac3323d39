import { builtinModules } from 'node:module';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import pkg from './package.json' with { type: 'json' };

// The `netscope` command line and `netscope serve`: plain Node 20, no Electron.
// Runtime dependencies stay external (installed by npm), the rest is bundled.
const external = [
  ...builtinModules,
  ...builtinModules.map((m) => `node:${m}`),
  ...Object.keys(pkg.dependencies),
  'electron',
];

export default defineConfig({
  build: {
    ssr: true,
    target: 'node20',
    outDir: 'out/cli',
    emptyOutDir: true,
    sourcemap: true,
    minify: false,
    rollupOptions: {
      // The Linux reading threads' worker is its own entry: collectors/linux/index.ts loads it from beside index.js.
      input: {
        index: resolve(import.meta.dirname, 'src/main/cli/main.ts'),
        'proc-worker': resolve(import.meta.dirname, 'src/main/collectors/linux/proc-worker.ts'),
      },
      external,
      // Chunks (one per command, loaded by dynamic import) sit beside index.js, not in assets/: code in them
      // finds proc-worker.js and ../renderer from its own import.meta.dirname.
      output: { format: 'cjs', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
    },
  },
});
