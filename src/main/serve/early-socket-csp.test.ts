/**
 * index.html's inline script (src/shared/early-socket-script.ts): the CSP allows exactly its text, the build puts it
 * where the policy covers it with no stylesheet link before it (page-html.ts inlines the stylesheet), and its
 * literals are the protocol's. What it computes is compared with the client's own URL in
 * src/renderer/api/early-socket-inline.test.ts.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  EARLY_SOCKET_GLOBAL,
  EARLY_SOCKET_MARKER,
  EARLY_SOCKET_SCRIPT,
  EARLY_SOCKET_SCRIPT_HASH,
  withEarlySocketScript,
} from '../../shared/early-socket-script';
import { assertStylesheetsInline, withInlineStylesheets } from '../../shared/page-html';
import { CONTENT_SECURITY_POLICY } from '../../shared/security-headers';
import { TOKEN_PARAM, TOKEN_PROTOCOL_PREFIX, WS_PATH, WS_PROTOCOL } from '../../shared/wire';
import { WS_PROTOCOL_BINARY_DIFFS, WS_PROTOCOL_COLUMNS } from '../../shared/wire-frame';
import { HEAD_PARAM, MAX_HEAD_ROWS } from '../../shared/wire-head';

const scriptSrc = (policy: string): string[] =>
  (policy.split(';').find((d) => d.trim().startsWith('script-src')) ?? '').trim().split(/\s+/).slice(1);

const indexHtml = readFileSync(new URL('../../renderer/index.html', import.meta.url), 'utf8');

describe('the early socket script', () => {
  it("is allowed by its sha256 and nothing else inline: script-src is 'self' and that hash", () => {
    const hash = `'sha256-${createHash('sha256').update(EARLY_SOCKET_SCRIPT, 'utf8').digest('base64')}'`;
    expect(EARLY_SOCKET_SCRIPT_HASH).toBe(hash);
    expect(scriptSrc(CONTENT_SECURITY_POLICY)).toEqual(["'self'", hash]);
  });

  it("index.html's own policy (its meta) is the headers' policy, less frame-ancestors (a meta cannot carry it)", () => {
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(indexHtml)?.[1];
    const header = CONTENT_SECURITY_POLICY.split('; ').filter((d) => !d.startsWith('frame-ancestors'));
    expect(meta?.split('; ')).toEqual(header);
  });

  it('the build puts it after the policy that covers it, at the end of the body, with the stylesheet inline', () => {
    // As Vite leaves the page: its entry module, a module preload and the stylesheet as links in the head.
    const vite = indexHtml
      .replace('<script type="module" src="./boot.ts"></script>', '')
      .replace(
        '</head>',
        '<script type="module" crossorigin src="./assets/index-abcdefgh.js"></script>' +
          '<link rel="stylesheet" crossorigin href="./assets/index-ABCDEFGH.css"></head>',
      );
    const css = (href: string): string | null => (href === 'assets/index-ABCDEFGH.css' ? '.app{display:flex}' : null);
    const built = withEarlySocketScript(withInlineStylesheets(vite, css));
    const at = built.indexOf(`<script>${EARLY_SOCKET_SCRIPT}</script>`);
    expect(at).toBeGreaterThan(built.indexOf('Content-Security-Policy'));
    expect(at).toBeGreaterThan(built.indexOf('<div id="root"></div>'));
    expect(at).toBeLessThan(built.indexOf('</body>'));
    expect(built.indexOf('<script', at + 1)).toBe(-1);
    expect(built).not.toContain('rel="stylesheet"');
    expect(built).toContain('<style>.app{display:flex}</style>');
    expect(built).not.toContain(EARLY_SOCKET_MARKER);
    expect(() => withEarlySocketScript('<html></html>')).toThrow(/exactly once/);
    expect(() => withEarlySocketScript(EARLY_SOCKET_MARKER.repeat(2))).toThrow(/exactly once/);
  });

  it('a stylesheet the build does not have, or one holding "</style", stays a link', () => {
    const page =
      '<link rel="stylesheet" crossorigin href="./assets/a-12345678.css"><link rel="stylesheet" href="./assets/b-12345678.css">';
    expect(withInlineStylesheets(page, () => null)).toBe(page);
    expect(withInlineStylesheets(page, (href) => (href.startsWith('assets/a') ? 'x{}</style><script>' : 'y{}'))).toBe(
      '<link rel="stylesheet" crossorigin href="./assets/a-12345678.css"><style>y{}</style>',
    );
  });

  it('the build fails on a stylesheet link it did not inline (a tag in a form the inlining does not know)', () => {
    const inlined = '<head><style>a{}</style><link rel="modulepreload" href="./assets/x.js"></head>';
    expect(assertStylesheetsInline(inlined)).toBe(inlined);
    for (const left of [
      '<link rel="stylesheet" crossorigin href="./assets/a-12345678.css">',
      '<link crossorigin rel="stylesheet" href="./assets/a-12345678.css">',
      "<link href='./assets/a.css' rel=stylesheet>",
      '<LINK REL="Stylesheet" HREF="./assets/a.css" />',
    ]) {
      expect(() => assertStylesheetsInline(`<head>${left}</head>`)).toThrow(/not inlined/);
    }
  });

  it("its literals are the protocol's (path, head parameter, subprotocols, token, row cap) and its global boot's", () => {
    for (const literal of [
      `"/ws?${HEAD_PARAM}="`.replace('/ws', WS_PATH),
      `["${WS_PROTOCOL_BINARY_DIFFS}","${WS_PROTOCOL_COLUMNS}","${WS_PROTOCOL}"]`,
      `"${TOKEN_PROTOCOL_PREFIX}"+t`,
      `.get("${TOKEN_PARAM}")`,
      `Math.min(${MAX_HEAD_ROWS},`,
      `window.${EARLY_SOCKET_GLOBAL}=e`,
    ]) {
      expect(EARLY_SOCKET_SCRIPT).toContain(literal);
    }
    // A script element's text ends at the first "</script": it must hold none.
    expect(EARLY_SOCKET_SCRIPT).not.toMatch(/<\/script/i);
  });
});
