import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { PlatformCollectors, ProcessInfo } from '../collectors/types';
import { endProcess, parentPid, protectedReason, type EndProcessTarget } from './process-control';

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
    const result = await endProcess(
      platformWith(info(4242, 2)),
      { pid: 4242, startTime: 1 },
      { kill: (pid) => kills.push(pid) },
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'process-changed' } });
    expect(kills).toEqual([]);
  });

  it('reports a vanished or foreign process clearly', async () => {
    expect(await endProcess(platformWith(null), { pid: 999_999, startTime: 1 })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
    const eperm = Object.assign(new Error('EPERM'), { code: 'EPERM' });
    const denied = await endProcess(
      platformWith(info(4243, 5)),
      { pid: 4243, startTime: 5 },
      {
        kill: () => {
          throw eperm;
        },
        parentOf: async () => null,
      },
    );
    expect(denied).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: expect.stringMatching(/another user/) },
    });
  });
});

describe('endProcess never ends init, NetScope or its parents', () => {
  const kills: number[] = [];
  const kill = (pid: number) => kills.push(pid);

  it('refuses PID 1 and 0, and on Windows the System process, without looking further', async () => {
    for (const pid of [0, 1]) {
      const result = await endProcess(platformWith(info(pid, 1)), { pid, startTime: 1 }, { kill });
      expect(result).toMatchObject({
        ok: false,
        error: { code: 'forbidden', message: expect.stringMatching(/system/) },
      });
    }
    expect(await protectedReason(4, { platform: 'win32', parentOf: async () => null })).toMatch(/System process/);
    expect(await protectedReason(4, { platform: 'linux', selfPid: 100, parentOf: async () => null })).toBeNull();
    expect(kills).toEqual([]);
  });

  it('refuses its own PID and every ancestor of a fake process tree, allows a sibling', async () => {
    const tree = new Map([
      [100, 50],
      [50, 10],
      [10, 1],
    ]);
    const options = { kill, selfPid: 100, parentOf: async (pid: number) => tree.get(pid) ?? null };
    for (const pid of [100, 50, 10]) {
      const result = await endProcess(platformWith(info(pid, 1)), { pid, startTime: 1 }, options);
      expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(await protectedReason(50, options)).toMatch(/one of NetScope's parent processes/);
    expect(kills).toEqual([]);
    expect(await endProcess(platformWith(info(60, 1)), { pid: 60, startTime: 1 }, options)).toEqual({
      ok: true,
      value: { ended: true },
    });
    expect(kills).toEqual([60]);
    kills.length = 0;
  });

  it.skipIf(process.platform !== 'linux')(
    'walks the real parent chain on Linux (the test runner and its parents)',
    async () => {
      const parent = process.ppid;
      expect(await protectedReason(parent)).toMatch(/parent processes/);
      const grandparent = await parentPid(parent);
      if (grandparent !== null && grandparent > 1)
        expect(await protectedReason(grandparent)).toMatch(/parent processes/);
      const child = spawn('sleep', ['30']);
      try {
        expect(await protectedReason(child.pid as number)).toBeNull();
      } finally {
        child.kill();
      }
    },
  );
});

describe('endProcess asks the main process to confirm before the signal', () => {
  it('awaits confirm with the process named, and sends nothing when the user declines', async () => {
    const kills: number[] = [];
    const asked: EndProcessTarget[] = [];
    const target = { ...info(4300, 7), name: 'nginx', exePath: '/usr/sbin/nginx' };
    const declined = await endProcess(
      platformWith(target),
      { pid: 4300, startTime: 7 },
      {
        kill: (pid) => kills.push(pid),
        parentOf: async () => null,
        confirm: async (t) => {
          asked.push(t);
          return false;
        },
      },
    );
    expect(asked).toEqual([{ pid: 4300, name: 'nginx', path: '/usr/sbin/nginx' }]);
    expect(declined).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(kills).toEqual([]);
    let release: (yes: boolean) => void = () => undefined;
    const pending = endProcess(
      platformWith(target),
      { pid: 4300, startTime: 7 },
      {
        kill: (pid) => kills.push(pid),
        parentOf: async () => null,
        confirm: () => new Promise<boolean>((resolve) => (release = resolve)),
      },
    );
    await new Promise((r) => setTimeout(r, 20));
    expect(kills).toEqual([]); // still waiting for the user
    release(true);
    expect(await pending).toEqual({ ok: true, value: { ended: true } });
    expect(kills).toEqual([4300]);
  });

  it('does not end a PID that was reused while the dialog was open', async () => {
    const kills: number[] = [];
    let startTime = 7;
    const platform = { ...platformWith(null), processInfo: async (pid: number) => info(pid, startTime) };
    const result = await endProcess(
      platform,
      { pid: 4301, startTime: 7 },
      {
        kill: (pid) => kills.push(pid),
        parentOf: async () => null,
        confirm: async () => {
          startTime = 8; // the process exited and another took its PID
          return true;
        },
      },
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'process-changed' } });
    expect(kills).toEqual([]);
  });
});
