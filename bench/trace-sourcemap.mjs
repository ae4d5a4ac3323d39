// Names for the functions a Chromium CPU profile sampled in the renderer bench's page, through the build's source
// maps where it has them (build with `npx electron-vite build --sourcemap`; `npm run build` makes none): the
// minified `_ index-X.js:59` becomes `merge src/renderer/grid/view-merge.ts:24`. Used by renderer-trace.mjs (DETAIL=1).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The profile's own name of a call frame: function, file and line of the bundle. */
export const bundleName = (cf) =>
  `${cf.functionName || '(anon)'} ${(cf.url ?? '').split('/').pop()}:${(cf.lineNumber ?? 0) + 1}`;

/**
 * A namer for call frames of the renderer built in `out` (its renderer/assets/*.js.map): source file and line where
 * a map has them, else bundleName. @jridgewell/trace-mapping comes with the build tools (vite); without it, or
 * without maps, every frame keeps its bundle name.
 */
export async function sourceNamer(out) {
  let mapping = null;
  try {
    mapping = await import('@jridgewell/trace-mapping');
  } catch {
    return bundleName;
  }
  const { TraceMap, originalPositionFor } = mapping;
  const maps = new Map();
  const mapOf = (file) => {
    if (!maps.has(file)) {
      const path = join(out, 'renderer', 'assets', `${file}.map`);
      maps.set(file, file.endsWith('.js') && existsSync(path) ? new TraceMap(readFileSync(path, 'utf8')) : null);
    }
    return maps.get(file);
  };
  return (cf) => {
    const map = mapOf((cf.url ?? '').split('/').pop());
    if (!map) return bundleName(cf);
    const at = originalPositionFor(map, { line: (cf.lineNumber ?? 0) + 1, column: cf.columnNumber ?? 0 });
    if (!at.source) return bundleName(cf);
    const source = at.source.replace(/^.*?\/(src|node_modules)\//, '$1/');
    return `${at.name ?? cf.functionName ?? '(anon)'} ${source}:${at.line}`;
  };
}
