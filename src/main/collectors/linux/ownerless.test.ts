/**
 * What a socket without an owner means (shared/model.ts OwnerlessMeaning), as the Linux connections collector says
 * it: held by no process only as root in the host's PID namespace with every process read; otherwise maybe another
 * user's. And on this machine's kernel, the real collector says it beside its rows.
 */
import { mkdirSync, mkdtempSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ownerlessMeaning } from './connection-warnings';
import { createLinuxCollectors } from './index';
import { INITIAL_PID_NAMESPACE, pidNamespaceReader } from './pid-namespace';

const isLinux = process.platform === 'linux';
const isRoot = process.geteuid?.() === 0;
// Held by no process only where every process is visible: root in the host's PID namespace.
const seesEveryProcess = isRoot && isLinux && readlinkSync('/proc/self/ns/pid') === INITIAL_PID_NAMESPACE;

const HOST = INITIAL_PID_NAMESPACE;
const CONTAINER = 'pid:[4026532301]';

describe('ownerlessMeaning', () => {
  it('is held-by-none only as root in the initial PID namespace, with no process unreadable or skipped', () => {
    expect(ownerlessMeaning(0, HOST, { unreadableProcesses: 0 }, 0)).toBe('held-by-none');
    // A user's scan: with /proc mounted hidepid it does not even see the processes it cannot read (no refusal).
    expect(ownerlessMeaning(1000, HOST, { unreadableProcesses: 0 }, 0)).toBe('maybe-unreadable');
    expect(ownerlessMeaning(1000, HOST, { unreadableProcesses: 12 }, 0)).toBe('maybe-unreadable');
    // Root refused (a container without CAP_SYS_PTRACE), or a process skipped as hung.
    expect(ownerlessMeaning(0, HOST, { unreadableProcesses: 1 }, 0)).toBe('maybe-unreadable');
    expect(ownerlessMeaning(0, HOST, { unreadableProcesses: 0 }, 1)).toBe('maybe-unreadable');
    expect(ownerlessMeaning(null, HOST, { unreadableProcesses: 0 }, 0)).toBe('maybe-unreadable');
  });

  it("is maybe-unreadable for root in its own PID namespace (a --net=host container: the host's sockets)", () => {
    expect(ownerlessMeaning(0, CONTAINER, { unreadableProcesses: 0 }, 0)).toBe('maybe-unreadable');
    expect(ownerlessMeaning(0, null, { unreadableProcesses: 0 }, 0)).toBe('maybe-unreadable');
  });
});

describe('pidNamespaceReader', () => {
  it('reads <procRoot>/self/ns/pid once; null where it cannot', async () => {
    const root = mkdtempSync(join(tmpdir(), 'netscope-pidns-'));
    try {
      mkdirSync(join(root, 'self', 'ns'), { recursive: true });
      symlinkSync(CONTAINER, join(root, 'self', 'ns', 'pid'));
      const read = pidNamespaceReader(root);
      expect(await read()).toBe(CONTAINER);
      rmSync(join(root, 'self'), { recursive: true });
      expect(await read()).toBe(CONTAINER);
      expect(await pidNamespaceReader(root)()).toBeNull();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it.runIf(isLinux)('on this machine, names a PID namespace', async () => {
    expect(await pidNamespaceReader('/proc')()).toMatch(/^pid:\[\d+\]$/);
  });
});

describe.runIf(isLinux)('the Linux collector on this machine', () => {
  it(`says what an empty owner means (${seesEveryProcess ? 'root, host PID namespace' : 'not both'})`, async () => {
    const collectors = createLinuxCollectors({ socketEngine: 'procfs' });
    try {
      const collected = await collectors.connections.collect({ signal: new AbortController().signal });
      expect(collected.ownerless).toBe(seesEveryProcess ? 'held-by-none' : 'maybe-unreadable');
    } finally {
      await collectors.dispose?.();
    }
  });
});

const HEADER = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n';
const UDP_ROW =
  '  1: 0100007F:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 4242 2 0000000000000000 0\n';

describe.runIf(isLinux && isRoot)('the Linux collector as root, by its PID namespace (a /proc tree)', () => {
  const collectOwnerless = async (pidNamespace: string): Promise<string | undefined> => {
    const root = mkdtempSync(join(tmpdir(), 'netscope-ownerless-'));
    const proc = join(root, 'proc');
    try {
      mkdirSync(join(proc, 'net'), { recursive: true });
      writeFileSync(join(proc, 'net', 'udp'), HEADER + UDP_ROW);
      mkdirSync(join(proc, '1', 'fd'), { recursive: true });
      mkdirSync(join(proc, 'self', 'ns'), { recursive: true });
      symlinkSync(pidNamespace, join(proc, 'self', 'ns', 'pid'));
      const collectors = createLinuxCollectors({ procRoot: proc, sysRoot: join(root, 'sys') });
      try {
        const collected = await collectors.connections.collect({ signal: new AbortController().signal });
        // The socket has no owner: no process's fds hold inode 4242.
        expect(collected.data.map((c) => [c.inode, c.pid])).toEqual([[4242, null]]);
        return collected.ownerless;
      } finally {
        await collectors.dispose?.();
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  };

  it("held-by-none in the host's PID namespace", async () => {
    expect(await collectOwnerless(HOST)).toBe('held-by-none');
  });

  it("maybe-unreadable in a container's own (--net=host: the host's sockets, not its processes)", async () => {
    expect(await collectOwnerless(CONTAINER)).toBe('maybe-unreadable');
  });
});
