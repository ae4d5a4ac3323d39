/**
 * The UI's own origin, app://netscope/ (Electron security checklist item 18):
 * a privileged standard scheme served only from out/renderer, instead of
 * file://, which would give the page every file's URL as its neighbour.
 *
 * registerAppScheme() must run before the app is ready; installAppProtocol()
 * after. serveRendererFile() is the handler itself, plain Fetch API in and out,
 * so it is tested without Electron and driven by the desktop e2e harness.
 */
import { protocol } from 'electron';
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { SECURITY_HEADERS } from '../../shared/security-headers';

export const APP_SCHEME = 'app';
export const APP_HOST = 'netscope';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/**
 * standard + secure: relative URLs, ES modules, storage and a secure context
 * behave as on https. corsEnabled stays off, so no other origin may read our files.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export function installAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => serveRendererFile(request, rendererDir));
}

/**
 * True for a URL of our origin. Compared by parts: Node's URL gives every
 * non-special scheme the origin "null", so origin equality would match any of them.
 */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

function refuse(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS } });
}

/**
 * The file under rendererDir that the URL names, or null when it names
 * anything else: another host, an encoded separator or NUL, a `..` that
 * climbs out, or a symbolic link that leads out.
 */
export async function rendererFileFor(url: string, rendererDir: string): Promise<string | null> {
  if (!isAppUrl(url)) return null;
  const parsed = new URL(url);
  // URL parsing already resolved plain `..`; these are the encoded forms it leaves alone.
  if (/%2f|%5c|%00/i.test(parsed.pathname) || parsed.pathname.includes('\\')) return null;
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  // No drive letters, alternate data streams (index.html::$DATA) or separators a Windows path would honour.
  if (/[:\\\0]/.test(path)) return null;
  if (path === '/' || path === '') path = '/index.html';
  const root = await realpath(rendererDir);
  const candidate = resolve(root, `.${path}`);
  if (!inside(root, candidate)) return null;
  try {
    const real = await realpath(candidate);
    if (!inside(root, real) || !(await stat(real)).isFile()) return null;
    return real;
  } catch {
    return null;
  }
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

/** Answers one app:// request: a file of the built UI with our security headers, or 404/405. */
export async function serveRendererFile(request: Request, rendererDir: string): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, 'Method not allowed');
  const file = await rendererFileFor(request.url, rendererDir);
  // One answer for "outside" and "missing": the page learns nothing about other paths.
  if (file === null) return refuse(404, 'Not found');
  const body = await readFile(file);
  const headers = {
    'Content-Type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Cache-Control': 'no-cache',
    ...SECURITY_HEADERS,
  };
  return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers });
}
