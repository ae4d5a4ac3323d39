import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { PlatformCollectors, ProcessInfo } from '../collectors/types';
import { endProcess } from './process-control';

function platformWith(info: ProcessInfo | null): PlatformCollectors {
  const none = { name: 'x', collect: async () => ({ data: [], warnings: [] }) };
  return {
    platform: 'test',
    connections: none,
    routes: none,
    interfaces: none,
    protocolStats: { name: 'p', collect: async () => ({ data: {}, warnings: [] }) },
    processInfo: async () => info,
  };
}

const info = (pid: number, startTime: number | null): ProcessInfo => ({
  pid,
  name: 'sleep',
  exePath: null,
  commandLine: null,
  user: null,
  uid: null,
  startTime,
});

describe('endProcess', () => {
  it('ends the process when PID and start time still match', async () => {
    const child = spawn('sleep', ['30']);
    const exited = new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_code, signal) => r(signal)));
    const result = await endProcess(platformWith(info(child.pid as number, 42)), {
      pid: child.pid as number,
      startTime: 42,
    });
    expect(result).toEqual({ ok: true, value: { ended: true } });
    expect(await exited).toBe('SIGTERM');
  });

  it('never kills a reused PID: another start time is refused and nothing is signalled', async () => {
    const kills: number[] = [];
    const result = await endProcess(platformWith(info(4242, 2)), { pid: 4242, startTime: 1 }, (pid) => kills.push(pid));
    expect(result).toMatchObject({ ok: false, error: { code: 'process-changed' } });
    expect(kills).toEqual([]);
  });

  it('refuses our own PID and reports a vanished or foreign process clearly', async () => {
    expect(await endProcess(platformWith(info(process.pid, 1)), { pid: process.pid, startTime: 1 })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await endProcess(platformWith(null), { pid: 999_999, startTime: 1 })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
    const eperm = Object.assign(new Error('EPERM'), { code: 'EPERM' });
    const denied = await endProcess(platformWith(info(1, 5)), { pid: 1, startTime: 5 }, () => {
      throw eperm;
    });
    expect(denied).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
