/**
 * App-wide hardening (Electron's security checklist): no navigation, no new
 * windows, no webviews, no permissions, and a strict CSP on our pages.
 */
import { app, session, type WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../../shared/security-headers';
import { isAppUrl } from './app-protocol';

export function hardenWebContents(contents: WebContents): void {
  // The UI is one page; any navigation (a dropped file, a link) is unexpected.
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/**
 * Our pages get the policy: app:// (whose handler sets it too; this covers any
 * response that reaches the hook) and, in development, the dev server, so CSP
 * bugs show early. Others are left alone.
 */
export function cspFor(url: string, devUrl: string | null): string | null {
  if (isAppUrl(url) || (devUrl !== null && sameOrigin(url, devUrl))) return CONTENT_SECURITY_POLICY;
  return null;
}

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

export function installSecurity(options: { devUrl: string | null }): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));

  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    const csp = cspFor(details.url, options.devUrl);
    if (csp === null) return callback({});
    const headers: Record<string, string[]> = {};
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      // Ours replaces any policy the response had.
      if (name.toLowerCase() !== 'content-security-policy') headers[name] = value;
    }
    headers['Content-Security-Policy'] = [csp];
    callback({ responseHeaders: headers });
  });
}
