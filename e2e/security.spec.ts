/** The browser mode's doors: token, Host header, WebSocket Origin, actions off by default. */
import { request as httpRequest } from 'node:http';
import { WebSocket } from 'ws';
import { expect, test } from './serve-fixture';

function get(origin: string, path: string, headers: Record<string, string> = {}): Promise<number> {
  const url = new URL(path, origin);
  return new Promise((ok, fail) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname + url.search, headers }, (res) => {
      res.resume();
      ok(res.statusCode ?? 0);
    });
    req.on('error', fail);
    req.end();
  });
}

function wsOutcome(url: string, headers: Record<string, string>): Promise<'open' | 'refused'> {
  return new Promise((ok) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => {
      ws.close();
      ok('open');
    });
    ws.on('error', () => ok('refused'));
    ws.on('unexpected-response', () => ok('refused'));
  });
}

test('refuses requests without the token, with a foreign Host or a foreign Origin', async ({ server }) => {
  expect(await get(server.origin, '/')).toBe(401);
  expect(await get(server.origin, '/?token=wrong-token-wrong-token')).toBe(401);
  expect(await get(server.origin, `/?token=${server.token}`)).toBe(200);
  expect(await get(server.origin, `/?token=${server.token}`, { Host: 'evil.example:80' })).toBe(403);
  const ws = `${server.origin.replace('http', 'ws')}/ws?token=${server.token}`;
  expect(await wsOutcome(ws, { Origin: server.origin })).toBe('open');
  expect(await wsOutcome(ws, { Origin: 'http://evil.example' })).toBe('refused');
  expect(await wsOutcome(`${server.origin.replace('http', 'ws')}/ws`, { Origin: server.origin })).toBe('refused');
});

test('the page in Chromium without the token gets no UI', async ({ page, server }) => {
  const response = await page.goto(server.origin + '/');
  expect(response?.status()).toBe(401);
  await expect(page.getByTestId('conn-grid')).toHaveCount(0);
});

test('ending processes is disabled unless --allow-actions', async ({ page, server }) => {
  await page.goto(server.url);
  await expect(page.getByTestId('conn-grid')).toBeVisible();
  const result = await page.evaluate(async (token) => {
    const ws = new window.WebSocket(`ws://${location.host}/ws?token=${token}`);
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
