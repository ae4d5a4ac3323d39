/**
 * The page's security headers, one definition for both adapters: Electron
 * (src/main/electron/security.ts, app-protocol.ts) and `netscope serve` send
 * the same policy. Plain data, so it lives in src/shared: the two adapters are
 * peers and import nothing from each other.
 */
import { EARLY_SOCKET_SCRIPT_HASH } from './early-socket-script';

/**
 * Scripts only from our own files (and the one inline script index.html holds, allowed by its hash: no other inline
 * script runs), no eval, nothing framed, no forms, no plugins.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  `script-src 'self' ${EARLY_SOCKET_SCRIPT_HASH}`,
  // React and the charts set inline style attributes.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};
