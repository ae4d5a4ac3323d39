/**
 * The browser mode's doors: the page is public, the token opens only the
 * WebSocket (as a subprotocol), Host and Origin are checked, the token leaves
 * the address bar, the server's client limit is shown, actions are off by default.
 */
import { request as httpRequest } from 'node:http';
import { WebSocket } from 'ws';
import { expect, startServe, test } from './serve-fixture';

interface Reply {
  status: number;
  setCookie: string[] | undefined;
}

function get(origin: string, path: string, headers: Record<string, string> = {}): Promise<Reply> {
  const url = new URL(path, origin);
  return new Promise((ok, fail) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname + url.search, headers }, (res) => {
      res.resume();
      ok({ status: res.statusCode ?? 0, setCookie: res.headers['set-cookie'] });
    });
    req.on('error', fail);
    req.end();
  });
}

function wsOutcome(url: string, protocols: string[], headers: Record<string, string>): Promise<'open' | 'refused'> {
  return new Promise((ok) => {
    const ws = new WebSocket(url, protocols, { headers });
    ws.on('open', () => {
      ws.close();
      ok('open');
    });
    ws.on('error', () => ok('refused'));
    ws.on('unexpected-response', () => ok('refused'));
  });
}

test('the page is public and sets no cookie; the socket needs the token, this Host and this Origin', async ({
  server,
}) => {
  const page = await get(server.origin, '/');
  expect(page.status).toBe(200);
  expect(page.setCookie).toBeUndefined();
  expect((await get(server.origin, `/?token=${server.token}`)).setCookie).toBeUndefined();
  expect((await get(server.origin, '/', { Host: 'evil.example:80' })).status).toBe(403);

  const ws = `${server.origin.replace('http', 'ws')}/ws`;
  const withToken = ['netscope.v1', `netscope.token.${server.token}`];
  expect(await wsOutcome(ws, withToken, { Origin: server.origin })).toBe('open');
  expect(await wsOutcome(ws, withToken, { Origin: 'http://evil.example' })).toBe('refused');
  expect(await wsOutcome(ws, ['netscope.v1'], { Origin: server.origin })).toBe('refused');
  expect(await wsOutcome(ws, ['netscope.v1', 'netscope.token.wrong-token-wrong'], { Origin: server.origin })).toBe(
    'refused',
  );
  // The old ways in are closed: a token in the socket's query or in a cookie opens nothing.
  expect(await wsOutcome(`${ws}?token=${server.token}`, ['netscope.v1'], { Origin: server.origin })).toBe('refused');
  expect(
    await wsOutcome(ws, ['netscope.v1'], { Origin: server.origin, Cookie: `netscope_token=${server.token}` }),
  ).toBe('refused');
});

test('in Chromium the token leaves the address bar and history, and a reload still connects', async ({
  page,
  server,
}) => {
  await page.goto(server.url);
  await expect(page.getByTestId('conn-grid')).toBeVisible();
  expect(page.url()).not.toContain(server.token);
  expect(await page.evaluate(() => location.href)).toBe(`${server.origin}/`);
  await page.reload();
  await expect(page.getByTestId('conn-grid')).toBeVisible();
  await expect(page.getByTestId('status-mode')).toHaveText('Live');
  expect(page.url()).not.toContain(server.token);
});

test('in Chromium a WebSocket without the token is refused, with it it opens', async ({ page, server }) => {
  await page.goto(`${server.origin}/`);
  const outcome = (protocols: string[]) =>
    page.evaluate(
      (p) =>
        new Promise<string>((resolve) => {
          const ws = new window.WebSocket(`ws://${location.host}/ws`, p);
          ws.onopen = () => {
            ws.close();
            resolve('open');
          };
          ws.onerror = () => resolve('refused');
        }),
      protocols,
    );
  expect(await outcome(['netscope.v1'])).toBe('refused');
  expect(await outcome(['netscope.v1', 'netscope.token.not-the-token-at-all'])).toBe('refused');
  expect(await outcome(['netscope.v1', `netscope.token.${server.token}`])).toBe('open');
});

test('the page without the token shows no data', async ({ page, server }) => {
  await page.goto(`${server.origin}/`);
  await expect(page.getByTestId('status-connection')).toContainText(/Disconnected|Connecting/);
  await expect(page.getByTestId('status-counts')).toContainText('0 sockets');
});

test('over --max-clients the page says why it is not connected', async ({ browser }) => {
  const limited = await startServe(['--max-clients', '1']);
  try {
    const first = await browser.newPage();
    await first.goto(limited.url);
    await expect(first.getByTestId('conn-grid')).toBeVisible();
    await expect(first.getByTestId('status-mode')).toHaveText('Live');
    const second = await browser.newPage();
    await second.goto(limited.url);
    await expect(second.getByTestId('status-connection')).toContainText('too many browser connections (max 1)');
    await first.close();
    await second.close();
  } finally {
    limited.process.kill('SIGTERM');
  }
});

test('ending processes is disabled unless --allow-actions', async ({ page, server }) => {
  await page.goto(server.url);
  await expect(page.getByTestId('conn-grid')).toBeVisible();
  const result = await page.evaluate(async (token) => {
    const ws = new window.WebSocket(`ws://${location.host}/ws`, ['netscope.v1', `netscope.token.${token}`]);
    await new Promise((r) => ws.addEventListener('open', r));
    const reply = new Promise<string>((r) =>
      ws.addEventListener('message', (e) => {
        const msg = JSON.parse(String(e.data)) as { type: string; id?: number };
        if (msg.type === 'result' && msg.id === 7) r(String(e.data));
      }),
    );
    ws.send(JSON.stringify({ type: 'invoke', id: 7, method: 'endProcess', args: [{ pid: 1, startTime: null }] }));
    return reply;
  }, server.token);
  expect(JSON.parse(result)).toMatchObject({ result: { ok: false, error: { code: 'forbidden' } } });
});
