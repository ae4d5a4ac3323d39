import { describe, expect, it } from 'vitest';
import { blankConnection, emptySnapshot, type Connection } from '../../shared/model';
import type { PushMessage } from '../../shared/push';
import type { PlatformCollectors, ProcessInfo } from '../collectors/types';
import { createBackend } from './backend';
import type { BackendOptions } from './backend-types';

const conn = (port: number, pid: number | null): Connection =>
  blankConnection({
    protocol: 'tcp',
    family: 4,
    localAddress: '127.0.0.1',
    localPort: port,
    remoteAddress: '0.0.0.0',
    remotePort: 0,
    state: 'LISTEN',
    pid,
    processName: pid ? 'srv' : null,
  });

function platform(processes: Record<number, ProcessInfo> = {}): PlatformCollectors {
  const empty = <T>(name: string, data: T) => ({ name, collect: async () => ({ data, warnings: [] }) });
  return {
    platform: 'test',
    connections: {
      name: 'connections',
      collect: async () => ({ data: [conn(80, 10), conn(443, 10), conn(22, 20)], warnings: [] }),
    },
    routes: empty('routes', []),
    interfaces: empty('interfaces', []),
    protocolStats: empty('protocol-stats', {}),
    processInfo: async (pid) => processes[pid] ?? null,
  };
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
      const result = await b.dispatch(method, args);
      expect(result.ok, `${method} ${JSON.stringify(args)}`).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('invalid-argument');
    }
    const status = await b.dispatch('getStatus', []);
    expect(status).toMatchObject({ ok: true, value: { intervalMs: 1000 } });
  });

  it('takes a snapshot on demand and pushes it first to new subscribers', async () => {
    const b = backend();
    const snap = await b.dispatch('getSnapshot', []);
    expect(snap.ok && (snap.value as { connections: unknown[] }).connections).toHaveLength(3);
    const seen: PushMessage['channel'][] = [];
    const off = b.subscribe((m) => seen.push(m.channel));
    expect(seen).toEqual(['snapshot', 'status']);
    await b.dispatch('refreshNow', []);
    expect(seen).toContain('diff');
    off();
  });

  it('pauses, resumes and changes the interval, announcing the status', async () => {
    const b = backend();
    const statuses: boolean[] = [];
    b.subscribe((m) => m.channel === 'status' && statuses.push(m.payload.paused));
    b.start();
    expect(await b.dispatch('pause', [])).toMatchObject({ ok: true, value: { paused: true } });
    expect(await b.dispatch('resume', [])).toMatchObject({ ok: true, value: { paused: false } });
    expect(await b.dispatch('setInterval', [5000])).toMatchObject({ ok: true, value: { intervalMs: 5000 } });
    expect(statuses).toContain(true);
    await b.stop();
  });

  it('exports CSV text in the browser, through saveCsv in Electron, and reports failures', async () => {
    const browser = backend();
    await browser.dispatch('getSnapshot', []);
    const result = await browser.dispatch('exportCsv', [{ columns: ['proto', 'localPort', 'pid'], rowIds: null }]);
    expect(result).toMatchObject({ ok: true, value: { rows: 3, path: null } });
    if (result.ok)
      expect((result.value as { csv: string }).csv).toBe(
        'Proto,Local Port,PID\r\ntcp,80,10\r\ntcp,443,10\r\ntcp,22,20\r\n',
      );
    const filtered = await browser.dispatch('exportCsv', [
      { columns: ['localPort'], rowIds: ['tcp4 127.0.0.1:22 0.0.0.0:0'] },
    ]);
    expect(filtered).toMatchObject({ ok: true, value: { rows: 1, csv: 'Local Port\r\n22\r\n' } });

    const saved = backend({ saveCsv: async () => '/tmp/x.csv' });
    await saved.dispatch('getSnapshot', []);
    expect(await saved.dispatch('exportCsv', [{ columns: ['pid'], rowIds: null }])).toMatchObject({
      ok: true,
      value: { path: '/tmp/x.csv', csv: null },
    });
    const cancelled = backend({ saveCsv: async () => null });
    await cancelled.dispatch('getSnapshot', []);
    expect(await cancelled.dispatch('exportCsv', [{ columns: ['pid'], rowIds: null }])).toMatchObject({
      ok: false,
      error: { code: 'cancelled' },
    });
    const broken = backend({
      saveCsv: async () => {
        throw new Error('EACCES: permission denied');
      },
    });
    await broken.dispatch('getSnapshot', []);
    expect(await broken.dispatch('exportCsv', [{ columns: ['pid'], rowIds: null }])).toMatchObject({
      ok: false,
      error: { code: 'io-error', message: expect.stringMatching(/EACCES/) },
    });
  });

  it('gives process details with the sockets the process holds', async () => {
    const b = backend();
    await b.dispatch('getSnapshot', []);
    const details = await b.dispatch('getProcessDetails', [10]);
    expect(details).toMatchObject({ ok: true, value: { pid: 10, exePath: '/usr/bin/srv', startTime: 1234 } });
    if (details.ok)
      expect((details.value as { connections: Connection[] }).connections.map((c) => c.localPort)).toEqual([80, 443]);
    expect(await b.dispatch('getProcessDetails', [99])).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('refuses to end processes unless allowed, and refuses a PID that now names another process', async () => {
    expect(await backend().dispatch('endProcess', [{ pid: 10, startTime: 1234 }])).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const allowed = backend({ allowEndProcess: true });
    expect(await allowed.dispatch('endProcess', [{ pid: 10, startTime: 999 }])).toMatchObject({
      ok: false,
      error: { code: 'process-changed' },
    });
    expect(await allowed.dispatch('endProcess', [{ pid: 77, startTime: 1 }])).toMatchObject({
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
    expect(await b.dispatch('getSnapshot', [])).toMatchObject({ ok: true, value: { seq: 1 } });
    expect(await b.dispatch('pause', [])).toMatchObject({ ok: false, error: { code: 'unsupported' } });
    expect(await b.dispatch('getStatus', [])).toMatchObject({
      ok: true,
      value: { readOnly: true, title: 'netstat.txt' },
    });
    expect(await b.dispatch('getCapabilities', [])).toMatchObject({
      ok: true,
      value: { canEndProcess: false, platform: 'win32' },
    });
    expect(await b.dispatch('endProcess', [{ pid: 4, startTime: null }])).toMatchObject({ ok: false });
  });
});
