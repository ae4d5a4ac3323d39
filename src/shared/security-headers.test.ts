/**
 * The page's security policy, pinned where it is defined (both adapters send it:
 * app-protocol.test.ts and the serve tests check that they do). Each directive here
 * is a promise the README makes: our own scripts only, no eval, never framed.
 */
import { describe, expect, it } from 'vitest';
import { EARLY_SOCKET_SCRIPT_HASH } from './early-socket-script';
import { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from './security-headers';

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((d) => {
      const [name = '', ...sources] = d.trim().split(/\s+/);
      return [name, sources];
    }),
  );
}

describe('security headers', () => {
  it('the content security policy allows our own files only (and one inline script by its hash), no eval, no framing, no forms, no plugins', () => {
    const csp = directives(CONTENT_SECURITY_POLICY);
    expect(Object.fromEntries(csp)).toEqual({
      'default-src': ["'self'"],
      'script-src': ["'self'", EARLY_SOCKET_SCRIPT_HASH],
      'style-src': ["'self'", "'unsafe-inline'"],
      'img-src': ["'self'", 'data:'],
      'connect-src': ["'self'"],
      'object-src': ["'none'"],
      'base-uri': ["'none'"],
      'frame-ancestors': ["'none'"],
      'form-action': ["'none'"],
    });
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|\*/);
  });

  it('every response carries the policy and the headers that stop sniffing, referrers and framing', () => {
    expect(SECURITY_HEADERS).toEqual({
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Resource-Policy': 'same-origin',
    });
  });
});
