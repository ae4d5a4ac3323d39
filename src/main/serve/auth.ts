/**
 * Who may talk to `netscope serve`: a secret token (cookie or query), a Host
 * header naming this server (DNS-rebinding defense) and, for the WebSocket,
 * an Origin of this server (cross-site WebSocket hijacking defense).
 */
import { randomBytes, timingSafeEqual, createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import { TOKEN_COOKIE, TOKEN_PARAM } from '../../shared/wire';

export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time: hashing first makes both sides the same length, so even the length does not leak. */
export function tokensEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/**
 * Cookies ignore ports: two `netscope serve` on one host (two tunnels, say)
 * would overwrite each other's cookie under one name, so the name carries the port.
 */
export function tokenCookieName(port: number): string {
  return `${TOKEN_COOKIE}_${port}`;
}

export function tokenCookie(token: string, port: number): string {
  return `${tokenCookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

/** The token from the ?token= query, else this server's cookie. */
export function presentedToken(url: URL, cookieHeader: string | undefined, port: number): string | null {
  return url.searchParams.get(TOKEN_PARAM) ?? readCookie(cookieHeader, tokenCookieName(port));
}

export function hostForUrl(host: string): string {
  return isIP(host) === 6 ? `[${host}]` : host;
}

const WILDCARDS = new Set(['0.0.0.0', '::', '']);
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/i;

export function isLoopback(host: string): boolean {
  return LOOPBACK.test(host);
}

/**
 * The Host header values a legitimate browser sends: the loopback names, the
 * bound address, and when bound to every interface, each interface address
 * (a page on another site reaching us through a rebound DNS name is refused).
 */
export function acceptedHosts(boundHost: string, port: number): Set<string> {
  const names = new Set(['127.0.0.1', 'localhost', '::1']);
  if (!WILDCARDS.has(boundHost)) names.add(boundHost.toLowerCase());
  else {
    for (const list of Object.values(networkInterfaces())) {
      for (const a of list ?? []) names.add(a.address.toLowerCase());
    }
  }
  return new Set([...names].map((n) => `${hostForUrl(n)}:${port}`));
}
