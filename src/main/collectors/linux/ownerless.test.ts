/**
 * What a socket without an owner means (shared/model.ts OwnerlessMeaning), as the Linux connections collector says
 * it: held by no process only when run as root with every process read; otherwise maybe another user's. And on this
 * machine's kernel, the real collector says it beside its rows.
 */
import { describe, expect, it } from 'vitest';
import { ownerlessMeaning } from './connection-warnings';
import { createLinuxCollectors } from './index';

const isLinux = process.platform === 'linux';
const isRoot = process.geteuid?.() === 0;

describe('ownerlessMeaning', () => {
  it('is held-by-none only as root, with no process unreadable or skipped', () => {
    expect(ownerlessMeaning(0, { unreadableProcesses: 0 }, 0)).toBe('held-by-none');
    // A user's scan: with /proc mounted hidepid it does not even see the processes it cannot read (no refusal).
    expect(ownerlessMeaning(1000, { unreadableProcesses: 0 }, 0)).toBe('maybe-unreadable');
    expect(ownerlessMeaning(1000, { unreadableProcesses: 12 }, 0)).toBe('maybe-unreadable');
    // Root refused (a container without CAP_SYS_PTRACE), or a process skipped as hung.
    expect(ownerlessMeaning(0, { unreadableProcesses: 1 }, 0)).toBe('maybe-unreadable');
    expect(ownerlessMeaning(0, { unreadableProcesses: 0 }, 1)).toBe('maybe-unreadable');
    expect(ownerlessMeaning(null, { unreadableProcesses: 0 }, 0)).toBe('maybe-unreadable');
  });
});

describe.runIf(isLinux)('the Linux collector on this machine', () => {
  it(`says what an empty owner means (${isRoot ? 'root' : 'not root'})`, async () => {
    const collectors = createLinuxCollectors({ socketEngine: 'procfs' });
    try {
      const collected = await collectors.connections.collect({ signal: new AbortController().signal });
      expect(collected.ownerless).toBe(isRoot ? 'held-by-none' : 'maybe-unreadable');
    } finally {
      await collectors.dispose?.();
    }
  });
});
