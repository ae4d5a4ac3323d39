import { describe, it, expect, vi, beforeAll, afterAll } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../shared/security-headers';
import { isAppUrl, rendererFileFor, serveRendererFile } from './app-protocol';

vi.mock('electron', async () => (await import('./electron-fake')).createElectronFake());

// A renderer folder with a secret beside it, and links that lead out of it.
let base: string;
let renderer: string;
beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'netscope-proto-'));
  renderer = join(base, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>NetScope</title>');
  writeFileSync(join(renderer, 'assets', 'views-abc.js'), 'export const x = 1;');
  writeFileSync(join(renderer, 'assets', 'index.css'), 'body{}');
  writeFileSync(join(base, 'secret.txt'), 'secret');
  symlinkSync(join(base, 'secret.txt'), join(renderer, 'assets', 'link-out.js'));
  symlinkSync(base, join(renderer, 'dir-out'));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

const get = (url: string, method = 'GET'): Promise<Response> =>
  serveRendererFile(new Request(url, { method }), renderer);

describe('serveRendererFile', () => {
  it('serves the page and its chunks with their types and the CSP', async () => {
    const page = await get('app://netscope/index.html');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('<title>NetScope</title>');
    const chunk = await get('app://netscope/assets/views-abc.js');
    expect(chunk.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await chunk.text()).toBe('export const x = 1;');
    expect((await get('app://netscope/assets/index.css')).headers.get('content-type')).toMatch(/^text\/css/);
    expect(await (await get('app://netscope/')).text()).toContain('NetScope');
    const head = await get('app://netscope/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it.each([
    'app://netscope/../secret.txt',
    'app://netscope/assets/../../secret.txt',
    'app://netscope/%2e%2e/secret.txt',
    'app://netscope/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    'app://netscope/..%2fsecret.txt',
    'app://netscope/..%5csecret.txt',
    'app://netscope/assets%5c..%5c..%5csecret.txt',
    'app://netscope/index.html%00.js',
    'app://netscope/assets/link-out.js',
    'app://netscope/dir-out/secret.txt',
    'app://netscope/%E0%A4%A',
    'app://netscope/index.html::$DATA',
    'app://netscope/C:/Windows/win.ini',
    'app://netscope/%43%3a%5cWindows%5cwin.ini',
    'app://netscope/assets',
    'app://netscope/missing.js',
    'app://other-host/index.html',
  ])('refuses %s with the same 404 whether or not a file is there', async (url) => {
    const response = await get(url);
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('Not found');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('refuses every method but GET and HEAD', async () => {
    expect((await get('app://netscope/index.html', 'POST')).status).toBe(405);
    expect((await get('app://netscope/index.html', 'PUT')).status).toBe(405);
  });
});

describe('rendererFileFor and isAppUrl', () => {
  it('maps only our origin, by scheme and host (Node gives non-special schemes the origin "null")', async () => {
    expect(await rendererFileFor('app://netscope/assets/views-abc.js', renderer)).toBe(
      join(renderer, 'assets', 'views-abc.js'),
    );
    expect(isAppUrl('app://netscope/index.html')).toBe(true);
    for (const url of ['other://netscope/index.html', 'app://netscope.evil/index.html', 'file:///index.html', '::']) {
      expect(isAppUrl(url), url).toBe(false);
    }
  });
});
