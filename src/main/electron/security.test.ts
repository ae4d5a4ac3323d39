import { describe, it, expect, vi, beforeAll } from 'vitest';
import * as electron from 'electron';
import type { ElectronFake } from './electron-fake';
import { FakeWebContents } from './electron-fake';
import { EARLY_SOCKET_SCRIPT_HASH } from '../../shared/early-socket-script';
import { cspFor, installSecurity } from './security';

vi.mock('electron', async () => (await import('./electron-fake')).createElectronFake());
const fake = electron as unknown as ElectronFake;

const DEV = 'http://localhost:5173';

beforeAll(() => {
  installSecurity({ devUrl: DEV });
});

function newContents(): FakeWebContents {
  const contents = new FakeWebContents();
  fake.app.emit('web-contents-created', {}, contents);
  return contents;
}

describe('installSecurity', () => {
  it('prevents every navigation and webview attach', () => {
    const contents = newContents();
    for (const name of ['will-navigate', 'will-attach-webview']) {
      const event = { preventDefault: vi.fn() };
      contents.emit(name, event, 'https://evil.example/');
      expect(event.preventDefault, name).toHaveBeenCalledTimes(1);
    }
  });

  it('denies window.open', () => {
    const contents = newContents();
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });

  it('denies every permission request and check', () => {
    const s = fake.session.defaultSession;
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read']) {
      const callback = vi.fn();
      s.permissionRequestHandler?.({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
      expect(s.permissionCheckHandler?.({}, permission)).toBe(false);
    }
  });

  it('sets the CSP header on app:// responses, replacing any other', () => {
    const callback = vi.fn();
    fake.session.defaultSession.headersListener?.(
      {
        url: 'app://netscope/index.html',
        responseHeaders: { 'content-security-policy': ['default-src *'], 'X-Other': ['1'] },
      },
      callback,
    );
    const headers = (callback.mock.calls[0]?.[0] as { responseHeaders: Record<string, string[]> }).responseHeaders;
    expect(headers['X-Other']).toEqual(['1']);
    expect(headers['content-security-policy']).toBeUndefined();
    const csp = headers['Content-Security-Policy']?.[0] ?? '';
    for (const directive of [
      "default-src 'self'",
      `script-src 'self' ${EARLY_SOCKET_SCRIPT_HASH};`,
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
      "form-action 'none'",
      "connect-src 'self'",
    ]) {
      expect(csp).toContain(directive);
    }
    expect(csp).not.toContain('unsafe-eval');
  });

  it('applies the same policy to the dev server and leaves foreign responses alone', () => {
    const callback = vi.fn();
    fake.session.defaultSession.headersListener?.({ url: 'https://example.com/', responseHeaders: {} }, callback);
    expect(callback).toHaveBeenCalledWith({});
    expect(cspFor(`${DEV}/src/main.tsx`, DEV)).toBe(cspFor('app://netscope/index.html', null));
    expect(cspFor('http://localhost:5174/', DEV)).toBeNull();
    expect(cspFor('app://netscope/assets/views.js', null)).toContain(
      `script-src 'self' ${EARLY_SOCKET_SCRIPT_HASH}; style-src`,
    );
    expect(cspFor(`${DEV}/`, null)).toBeNull();
    // Node gives every non-special scheme the origin "null": another scheme or host is not ours.
    for (const other of ['app://evil/index.html', 'other://netscope/index.html', 'file:///x/index.html']) {
      expect(cspFor(other, null), other).toBeNull();
    }
  });
});
