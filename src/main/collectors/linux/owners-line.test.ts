/**
 * The socket engine status says how the owners were read (SocketEngineStatus.owners): the BPF fd iterator
 * (fd-bpf.ts), /proc's fd links, or why the iterator is off once it was asked. Real collectors on this machine's
 * kernel, the reader forced on or off with NETSCOPE_FD_BPF (the owner thread takes the environment when it starts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ownersLine } from './connection-warnings';
import { createLinuxCollectors } from './index';

const signal = new AbortController().signal;
const isLinux = process.platform === 'linux';
const isRoot = process.getuid?.() === 0;
const saved = process.env.NETSCOPE_FD_BPF;

afterEach(() => {
  if (saved === undefined) delete process.env.NETSCOPE_FD_BPF;
  else process.env.NETSCOPE_FD_BPF = saved;
});

async function ownersWith(fdBpf: string): Promise<string | undefined> {
  process.env.NETSCOPE_FD_BPF = fdBpf;
  const collectors = createLinuxCollectors({ socketEngine: 'netlink' });
  try {
    const { engine } = await collectors.connections.collect({ signal });
    return engine?.owners;
  } finally {
    await collectors.dispose?.();
  }
}

describe('ownersLine', () => {
  it('names /proc alone, the iterator with its count, and why it is off', () => {
    expect(ownersLine({ bpfProcesses: 0, bpfOff: null })).toBe('/proc/<pid>/fd links');
    expect(ownersLine({ bpfProcesses: 1, bpfOff: null })).toBe('BPF fd iterator (1 process) + /proc/<pid>/fd links');
    expect(ownersLine({ bpfProcesses: 3, bpfOff: null })).toBe('BPF fd iterator (3 processes) + /proc/<pid>/fd links');
    expect(ownersLine({ bpfProcesses: 0, bpfOff: 'turned off (NETSCOPE_FD_BPF=0)' })).toBe(
      '/proc/<pid>/fd links; BPF fd iterator off: turned off (NETSCOPE_FD_BPF=0)',
    );
  });
});

describe.runIf(isLinux)('the engine status on this machine', () => {
  it.runIf(isRoot)(
    'NETSCOPE_FD_BPF=1 (every process by BPF, as root): the iterator and how many processes',
    async () => {
      expect(await ownersWith('1')).toMatch(/^BPF fd iterator \(\d+ process(es)?\) \+ \/proc\/<pid>\/fd links$/);
    },
  );

  it('NETSCOPE_FD_BPF=0: /proc only, and the switch named if a large process asked for the iterator', async () => {
    expect(await ownersWith('0')).toMatch(
      /^\/proc\/<pid>\/fd links(; BPF fd iterator off: turned off \(NETSCOPE_FD_BPF=0\))?$/,
    );
  });
});
