/**
 * A page joining a busy server gets its snapshot, encoded in slices of the
 * event loop (snapshot-encoder.ts), and then every diff, in order: the real
 * engine over synthetic rows refreshing every 200 ms, the real server, real
 * WebSockets on loopback, pages joining at different moments of the refresh.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { applyDiff, type SnapshotDiff } from '../../shared/diff';
import type { Snapshot } from '../../shared/model';
import { TOKEN_PROTOCOL_PREFIX, WS_PATH, WS_PROTOCOL } from '../../shared/wire';
import { decodeSnapshotFrame, WS_PROTOCOL_COLUMNS } from '../../shared/wire-frame';
import { createSyntheticCollectors } from '../collectors/synthetic';
import { createBackend } from '../engine/backend';
import type { Backend } from '../engine/backend-types';
import { ENCODE_AT_ONCE_ROWS } from './snapshot-encoder';
import { startServer, type RunningServer } from './server';

const TOKEN = 'join-test-token-0123456789';
/** Enough rows that the snapshot is encoded in slices, not at once. */
const ROWS = 20_000;
const PAGES = 4;
const DIFFS_PER_PAGE = 4;

let dir: string;
let backend: Backend;
let server: RunningServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'netscope-join-'));
  mkdirSync(join(dir, 'renderer'));
  writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><title>NetScope</title>');
  backend = createBackend({
    mode: 'browser',
    allowEndProcess: false,
    intervalMs: 200,
    collectors: createSyntheticCollectors(ROWS, 0.01),
  });
  backend.start();
  server = await startServer({
    backend,
    host: '127.0.0.1',
    port: 0,
    token: TOKEN,
    rendererDir: join(dir, 'renderer'),
    allowActions: false,
  });
});

afterAll(async () => {
  await server.close();
  await backend.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface Page {
  ws: WebSocket;
  /** Snapshots (decoded binary frames) and diffs, in the order they arrived. */
  received: ({ kind: 'snapshot'; snapshot: Snapshot } | { kind: 'diff'; diff: SnapshotDiff })[];
}

function openPage(): Promise<Page> {
  const ws = new WebSocket(
    `ws://127.0.0.1:${server.port}${WS_PATH}`,
    [WS_PROTOCOL_COLUMNS, WS_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${TOKEN}`],
    { origin: `http://127.0.0.1:${server.port}` },
  );
  const page: Page = { ws, received: [] };
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (isBinary) {
      const frame = decodeSnapshotFrame(data);
      if ('error' in frame) throw new Error(frame.error);
      page.received.push({ kind: 'snapshot', snapshot: frame.snapshot });
      return;
    }
    const message = JSON.parse(data.toString()) as { type: string; channel?: string; payload?: unknown };
    if (message.type === 'push' && message.channel === 'diff')
      page.received.push({ kind: 'diff', diff: message.payload as SnapshotDiff });
    if (message.type === 'push' && message.channel === 'snapshot') throw new Error('a JSON snapshot to a v3 page');
  });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(page));
    ws.once('error', reject);
  });
}

describe('a page joining while the engine refreshes', () => {
  it('gets a snapshot encoded in slices, then every diff after it in order, applying cleanly', async () => {
    expect(ROWS).toBeGreaterThan(ENCODE_AT_ONCE_ROWS);
    const pages: Page[] = [];
    // Joining at different moments of the 200 ms refresh: 0, 70, 140... ms apart.
    for (let i = 0; i < PAGES; i++) {
      pages.push(await openPage());
      await new Promise((resolve) => setTimeout(resolve, 70));
    }
    await vi.waitFor(
      () => {
        for (const p of pages) expect(p.received.length).toBeGreaterThan(DIFFS_PER_PAGE);
      },
      { timeout: 20_000, interval: 50 },
    );
    for (const page of pages) {
      const [first, ...rest] = page.received;
      expect(first?.kind).toBe('snapshot');
      let state = (first as { snapshot: Snapshot }).snapshot;
      expect(state.connections).toHaveLength(ROWS);
      for (const next of rest) {
        // A page that missed nothing never gets a second snapshot, and each diff applies to the state before it.
        expect(next.kind).toBe('diff');
        const diff = (next as { diff: SnapshotDiff }).diff;
        expect(diff.baseSeq).toBe(state.seq);
        state = applyDiff(state, diff);
      }
      page.ws.close();
    }
  }, 30_000);
});
