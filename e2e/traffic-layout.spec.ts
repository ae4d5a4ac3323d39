/**
 * Where the traffic columns sit (issue 13): in a 1280 px window, with the
 * default columns and the traffic columns shown by themselves when counters
 * arrive (`--socket-engine netlink`), who owns a connection (PID, Process)
 * and what it moves (Send Rate, Receive Rate, Sent, Received) are on screen
 * without scrolling sideways. Photographed under test-results/screenshots/
 * for a human to look at.
 */
import { resolve } from 'node:path';
import { expect, serveTest } from './serve-fixture';

const SCREENSHOTS = resolve(__dirname, '..', 'test-results', 'screenshots');
const ON_SCREEN = ['pid', 'process', 'sendRate', 'receiveRate', 'bytesSent', 'bytesReceived'];

const test = serveTest(['--socket-engine', 'netlink']);

test.use({ viewport: { width: 1280, height: 800 } });

test('at 1280 px the owner and traffic columns are on screen, before Service and Path', async ({ page, server }) => {
  await page.goto(server.url);
  await expect(page.getByTestId('status-engine')).toHaveText(/^· traffic$/);
  await expect(page.getByTestId('col-header-sendRate')).toBeVisible();
  await expect(page.getByTestId('conn-row').first()).toBeVisible();
  const grid = await page.getByTestId('conn-grid').boundingBox();
  expect(grid).not.toBeNull();
  const right = (grid?.x ?? 0) + (grid?.width ?? 0);
  const edges: Record<string, number> = {};
  for (const id of [...ON_SCREEN, 'service', 'path']) {
    const box = await page.getByTestId(`col-header-${id}`).boundingBox();
    edges[id] = box ? box.x + box.width : Number.POSITIVE_INFINITY;
  }
  await page.screenshot({ path: resolve(SCREENSHOTS, 'traffic-columns-1280.png') });
  for (const id of ON_SCREEN)
    expect(edges[id], `${id}'s right edge against the grid's ${right}`).toBeLessThanOrEqual(right);
  expect(edges.bytesReceived).toBeLessThan(edges.service ?? 0);
  expect(edges.bytesReceived).toBeLessThan(edges.path ?? 0);
});
