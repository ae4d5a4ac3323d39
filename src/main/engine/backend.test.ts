import { describe, expect, it } from 'vitest';
import { dispatchInvoke } from '../../shared/dispatch';
import { emptySnapshot, type Connection } from '../../shared/model';
import type { PushMessage } from '../../shared/push';
import type { PlatformCollectors, ProcessInfo } from '../collectors/types';
import { createBackend } from './backend';
import { loopbackListener, platformWithConnections } from './test-collectors';
import type { BackendOptions } from './backend-types';

const conn = (port: number, pid: number | null): Connection =>
  loopbackListener(port, { pid, processName: pid ? 'srv' : null });

function platform(processes: Record<number, ProcessInfo> = {}): PlatformCollectors {
  return platformWithConnections(() => [conn(80, 10), conn(443, 10), conn(22, 20)], processes);
}

const info = (pid: number, startTime: number): ProcessInfo => ({
  pid,
  name: 'srv',
  exePath: '/usr/bin/srv',
  commandLine: 'srv -d',
  user: 'root',
  uid: 0,
  startTime,
});

function backend(options: Partial<BackendOptions> = {}) {
  return createBackend({
    mode: 'browser',
    allowEndProcess: false,
    collectors: platform({ 10: info(10, 1234) }),
    ...options,
  });
}

describe('backend', () => {
  it('rejects unknown methods and malformed payloads without changing anything', async () => {
    const b = backend();
    for (const [method, args] of [
      ['nope', []],
      ['setInterval', [50]],
      ['setInterval', ['1000']],
      ['setInterval', [1000, 2]],
      ['getProcessDetails', [-1]],
      ['exportCsv', [{ columns: ['__proto__'], rowIds: null }]],
      ['setInterval', null],
    ] as const) {
      const result = await dispatchInvoke(b.handlers, method, args);
      expect(result.ok, `${method} ${JSON.stringify(args)}`).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('invalid-argument');
    }
    const status = await dispatchInvoke(b.handlers, 'getStatus', []);
    expect(status).toMatchObject({ ok: true, value: { intervalMs: 1000 } });
  });

  it('takes a snapshot on demand and pushes it first to new subscribers', async () => {
    const b = backend();
    const snap = await dispatchInvoke(b.handlers, 'getSnapshot', []);
    expect(snap.ok && (snap.value as { connections: unknown[] }).connections).toHaveLength(3);
    const seen: PushMessage['channel'][] = [];
    const off = b.subscribe((m) => seen.push(m.channel));
    expect(seen).toEqual(['snapshot', 'status']);
    await dispatchInvoke(b.handlers, 'refreshNow', []);
    expect(seen).toContain('diff');
    off();
  });

  it('pauses, resumes and changes the interval, announcing the status', async () => {
    const b = backend();
    const statuses: boolean[] = [];
    b.subscribe((m) => m.channel === 'status' && statuses.push(m.payload.paused));
    b.start();
    expect(await dispatchInvoke(b.handlers, 'pause', [])).toMatchObject({ ok: true, value: { paused: true } });
    expect(await dispatchInvoke(b.handlers, 'resume', [])).toMatchObject({ ok: true, value: { paused: false } });
    expect(await dispatchInvoke(b.handlers, 'setInterval', [5000])).toMatchObject({
      ok: true,
      value: { intervalMs: 5000 },
    });
    expect(statuses).toContain(true);
    await b.stop();
  });

  it('saves the CSV text the page built through saveCsv, refuses in the browser, and reports failures', async () => {
    const csv = 'Proto,Local Port\r\ntcp,22\r\n';
    const request = { csv, fileName: 'netscope-x.csv' };
    const browser = backend();
    expect(await dispatchInvoke(browser.handlers, 'exportCsv', [request])).toMatchObject({
      ok: false,
      error: { code: 'unsupported' },
    });

    const written: [string, string][] = [];
    const saved = backend({
      saveCsv: async (text, name) => {
        written.push([text, name]);
        return '/tmp/x.csv';
      },
    });
    expect(await dispatchInvoke(saved.handlers, 'exportCsv', [request])).toEqual({
      ok: true,
      value: { path: '/tmp/x.csv' },
    });
    // The text is saved as the page sent it: the page's rows, in the page's order.
    expect(written).toEqual([[csv, 'netscope-x.csv']]);
    const cancelled = backend({ saveCsv: async () => null });
    expect(await dispatchInvoke(cancelled.handlers, 'exportCsv', [request])).toMatchObject({
      ok: false,
      error: { code: 'cancelled' },
    });
    const broken = backend({
      saveCsv: async () => {
        throw new Error('EACCES: permission denied');
      },
    });
    expect(await dispatchInvoke(broken.handlers, 'exportCsv', [request])).toMatchObject({
      ok: false,
      error: { code: 'io-error', message: expect.stringMatching(/EACCES/) },
    });
  });

  it('gives process details with the sockets the process holds', async () => {
    const b = backend();
    await dispatchInvoke(b.handlers, 'getSnapshot', []);
    const details = await dispatchInvoke(b.handlers, 'getProcessDetails', [10]);
    expect(details).toMatchObject({ ok: true, value: { pid: 10, exePath: '/usr/bin/srv', startTime: 1234 } });
    if (details.ok)
      expect((details.value as { connections: Connection[] }).connections.map((c) => c.localPort)).toEqual([80, 443]);
    expect(await dispatchInvoke(b.handlers, 'getProcessDetails', [99])).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
  });

  it('refuses to end processes unless allowed, and refuses a PID that now names another process', async () => {
    expect(await dispatchInvoke(backend().handlers, 'endProcess', [{ pid: 10, startTime: 1234 }])).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const allowed = backend({ allowEndProcess: true });
    expect(await dispatchInvoke(allowed.handlers, 'endProcess', [{ pid: 10, startTime: 999 }])).toMatchObject({
      ok: false,
      error: { code: 'process-changed' },
    });
    expect(await dispatchInvoke(allowed.handlers, 'endProcess', [{ pid: 77, startTime: 1 }])).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
  });

  it('serves an imported snapshot read-only', async () => {
    const fixed = emptySnapshot({
      seq: 1,
      platform: 'win32',
      source: { kind: 'import', file: 'netstat.txt', formats: ['windows-netstat-an'] },
      connections: [conn(135, 4)],
    });
    const b = backend({ fixedSnapshot: fixed, allowEndProcess: true });
    expect(await dispatchInvoke(b.handlers, 'getSnapshot', [])).toMatchObject({ ok: true, value: { seq: 1 } });
    expect(await dispatchInvoke(b.handlers, 'pause', [])).toMatchObject({ ok: false, error: { code: 'unsupported' } });
    expect(await dispatchInvoke(b.handlers, 'getStatus', [])).toMatchObject({
      ok: true,
      value: { readOnly: true, title: 'netstat.txt' },
    });
    expect(await dispatchInvoke(b.handlers, 'getCapabilities', [])).toMatchObject({
      ok: true,
      value: { canEndProcess: false, platform: 'win32' },
    });
    expect(await dispatchInvoke(b.handlers, 'endProcess', [{ pid: 4, startTime: null }])).toMatchObject({ ok: false });
  });
});
