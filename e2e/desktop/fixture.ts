/**
 * Playwright fixtures for the desktop harness: each test gets NetScope's real
 * built desktop app (see harness.ts) with its own userData and documents
 * folders, and ends by expecting that the harness saw no problem (console
 * error, CSP report, failed request, forbidden preload require, IPC channel
 * without a handler, unexpected dialog).
 */
import { test as base, expect as baseExpect } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DesktopApp } from './harness';

export interface DesktopDirs {
  base: string;
  userData: string;
  documents: string;
}

/**
 * Waits (never timed assertions) up to 30 s: the whole app, its collectors and a Chromium page share two cores
 * with the rest of the suite, and a refresh there can take seconds.
 */
export const expect = baseExpect.configure({ timeout: 30_000 });

export const test = base.extend<{ dirs: DesktopDirs; desktop: DesktopApp }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies as the first argument.
  dirs: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'netscope-desktop-'));
    await use({ base: dir, userData: join(dir, 'userData'), documents: join(dir, 'Documents') });
    rmSync(dir, { recursive: true, force: true });
  },
  desktop: async ({ browser, dirs }, use) => {
    const app = DesktopApp.launch({ browser, userData: dirs.userData, documents: dirs.documents });
    try {
      await use(app);
      expect(app.problems.all(), 'problems the desktop harness saw').toEqual([]);
    } finally {
      await app.forceClose();
    }
  },
});

/** A TCP listener on loopback owned by this (the test's) process. */
export async function openListener(
  host = '127.0.0.1',
): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
  });
  await new Promise<void>((ok) => server.listen(0, host, ok));
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((ok) => server.close(ok));
    },
  };
}

/** A connected client to that listener. */
export function connectTo(port: number, host = '127.0.0.1'): Promise<Socket> {
  return new Promise((ok, fail) => {
    const s = connect({ host, port }, () => ok(s));
    s.once('error', fail);
  });
}
