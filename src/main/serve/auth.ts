/**
 * Who may talk to `netscope serve`: a secret token offered as a WebSocket
 * subprotocol (the page and its assets are public and need none), a Host
 * header naming this server (DNS-rebinding defense) and, for the WebSocket,
 * an Origin of this server (cross-site WebSocket hijacking defense).
 */
import { randomBytes, timingSafeEqual, createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import { TOKEN_PROTOCOL_PREFIX, WS_PROTOCOL } from '../../shared/wire';
import { WS_PROTOCOL_BINARY_DIFFS, WS_PROTOCOL_COLUMNS } from '../../shared/wire-frame';

export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * A token must be usable as a subprotocol name (an HTTP token) and long enough
 * not to be guessed. Returns the reason it is not, or null.
 */
export function tokenProblem(token: string): string | null {
  if (token.length < 16) return 'the token must be at least 16 characters';
  if (!/^[A-Za-z0-9._~-]+$/.test(token)) return 'the token may hold only letters, digits and . _ ~ -';
  return null;
}

/** Constant-time: hashing first makes both sides the same length, so even the length does not leak. */
export function tokensEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** The offered subprotocols, from the raw Sec-WebSocket-Protocol header. */
export function offeredProtocols(header: string | string[] | undefined): string[] {
  const joined = Array.isArray(header) ? header.join(',') : (header ?? '');
  return joined
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

/** The token the client offered as `netscope.token.<T>`, or null. */
export function presentedToken(protocols: readonly string[]): string | null {
  const offered = protocols.find((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX));
  return offered === undefined ? null : offered.slice(TOKEN_PROTOCOL_PREFIX.length);
}

/** The subprotocol the server answers with: never the token one, so the token is not echoed back. */
/**
 * Binary snapshots and diffs (`netscope.v5`) for the clients that offer them, binary snapshots alone (`netscope.v4`)
 * for pages of the build before, else the JSON protocol.
 */
export function selectedProtocol(protocols: ReadonlySet<string>): string | false {
  if (protocols.has(WS_PROTOCOL_BINARY_DIFFS)) return WS_PROTOCOL_BINARY_DIFFS;
  if (protocols.has(WS_PROTOCOL_COLUMNS)) return WS_PROTOCOL_COLUMNS;
  return protocols.has(WS_PROTOCOL) ? WS_PROTOCOL : false;
}

export function hostForUrl(host: string): string {
  return isIP(host) === 6 ? `[${host}]` : host;
}

const WILDCARDS = new Set(['0.0.0.0', '::', '']);
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/i;

export function isLoopback(host: string): boolean {
  return LOOPBACK.test(host);
}

export function isWildcard(address: string): boolean {
  return WILDCARDS.has(address);
}

/**
 * The addresses a browser can reach a server on, given the address the socket
 * really bound (server.address(), so `--host 0` or `--host localhost` show
 * what the kernel chose): the bound one, or for a wildcard every interface
 * address of its family (both for `::`, which Linux binds dual-stack).
 * Loopback first. IPv6 link-local addresses are left out: a URL cannot
 * carry their interface in a way browsers accept.
 */
export function listeningAddresses(boundAddress: string, family: string): string[] {
  if (!isWildcard(boundAddress)) return [boundAddress];
  const wantV6 = family === 'IPv6';
  const found: string[] = [];
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) {
      if (a.family === 'IPv6' && !wantV6) continue;
      if (a.family === 'IPv6' && /^fe80:/i.test(a.address)) continue;
      found.push(a.address);
    }
  }
  const rank = (a: string): number => (isLoopback(a) ? 0 : 1) + (isIP(a) === 6 ? 2 : 0);
  return [...new Set(found)].sort((a, b) => rank(a) - rank(b));
}

/**
 * The Host header values a legitimate browser sends: the loopback names, the
 * addresses it listens on (a page on another site reaching us through a
 * rebound DNS name is refused).
 */
export function acceptedHosts(addresses: readonly string[], port: number): Set<string> {
  const names = new Set(['127.0.0.1', 'localhost', '::1']);
  for (const a of addresses) names.add(a.toLowerCase());
  return new Set([...names].map((n) => `${hostForUrl(n)}:${port}`));
}
