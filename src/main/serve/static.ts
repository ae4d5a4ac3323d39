/**
 * Static files of the built renderer. The request path is decoded, resolved
 * against the root and must stay inside it, so no form of "..", encoded or
 * not, reaches another file.
 */
import { readdir, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

export function contentType(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Cache-Control of a file whose name carries its content's hash. */
export const IMMUTABLE = 'private, max-age=31536000, immutable';

/** The build's hashed names (vite: assets/name-HASH8.js): a URL path whose file never changes under that name. */
export function isHashedAsset(pathname: string): boolean {
  return /^\/assets\/[\w.-]+-[\w-]{8}\.(?:js|css)$/.test(pathname);
}

export type StaticLookup =
  { kind: 'file'; path: string; size: number } | { kind: 'bad-request' } | { kind: 'not-found' };

/** pathname: the URL's path, still percent-encoded. */
export async function lookupStatic(root: string, pathname: string): Promise<StaticLookup> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { kind: 'bad-request' };
  }
  if (decoded.includes('\0')) return { kind: 'bad-request' };
  const rootDir = resolve(root);
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^[/\\]+/, '');
  const file = resolve(rootDir, relative);
  if (!file.startsWith(rootDir + sep)) return { kind: 'not-found' };
  try {
    const s = await stat(file);
    return s.isFile() ? { kind: 'file', path: file, size: s.size } : { kind: 'not-found' };
  } catch {
    return { kind: 'not-found' };
  }
}

/**
 * The Link header that has the browser fetch the app's chunk (vite: assets/main-HASH8.js, main.tsx) while the page
 * boots, into its cache, without evaluating it; null if the build has none. WHY: boot.ts imports the app only after
 * the first screen is painted, or after its wait for a head (800 ms) gives up; in that path the chunk was asked
 * for only then, on a server busy with the snapshot, and the app started ~200 ms later than when it was fetched at
 * once. A prefetch is not compiled (a modulepreload was, on the page's main thread before boot's script: A31).
 */
export async function appPrefetchLink(rendererDir: string): Promise<string | null> {
  let names: string[];
  try {
    names = await readdir(resolve(rendererDir, 'assets'));
  } catch {
    return null;
  }
  // main.tsx's chunk: a hashed asset whose name before the hash is 'main'.
  const main = names.find((n) => n.endsWith('.js') && isHashedAsset(`/assets/${n}`) && n.slice(0, -12) === 'main');
  return main === undefined ? null : `</assets/${main}>; rel=prefetch`;
}

/**
 * Link header values that have the browser fetch the page's own entry script, its module preloads and its
 * stylesheets (the hashed assets index.html names) from the page's response, not once its HTML is parsed. WHY: a
 * fresh load's HTML arrives in ~10-30 ms, but Chromium parses it only once it has started the page's renderer and
 * committed the navigation (~150-250 ms into a load on this 2-core machine; ~90 with a warm renderer): the boot
 * script's request waited for that, then took 20-70 ms. The header's preloads are started at the commit, before the
 * parse. crossorigin as the tags have it (vite marks them): a preload of another mode would not be used.
 */
export function entryPreloadLinks(html: string): string[] {
  const links: string[] = [];
  const asset = (ref: string): string | null => {
    const path = ref.replace(/^\.\//, '/');
    return isHashedAsset(path) ? path : null;
  };
  for (const tag of html.match(/<(?:script|link)\b[^>]*>/gi) ?? []) {
    const attr = (name: string): string | null => new RegExp(`\\s${name}=["']([^"']*)["']`, 'i').exec(tag)?.[1] ?? null;
    const cors = /\scrossorigin\b/i.test(tag) ? '; crossorigin' : '';
    if (tag.startsWith('<script')) {
      const src = attr('type') === 'module' ? asset(attr('src') ?? '') : null;
      if (src !== null) links.push(`<${src}>; rel=modulepreload`);
      continue;
    }
    const rel = attr('rel');
    const href = asset(attr('href') ?? '');
    if (href === null) continue;
    if (rel === 'modulepreload') links.push(`<${href}>; rel=modulepreload`);
    else if (rel === 'stylesheet') links.push(`<${href}>; rel=preload; as=style${cors}`);
  }
  return links;
}
