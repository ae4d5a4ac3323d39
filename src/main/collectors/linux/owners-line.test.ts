/**
 * The socket engine status says how the owners were read (SocketEngineStatus.owners): the BPF fd iterator
 * (fd-bpf.ts), /proc's fd links, or why the iterator is off once it was asked. Real collectors on this machine's
 * kernel, the reader forced on or off with NETSCOPE_FD_BPF (the owner thread takes the environment when it starts).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { ownersLine } from './connection-warnings';
import { createLinuxCollectors } from './index';

const signal = new AbortController().signal;
/** A child that listens on loopback, says so, and waits to be killed (bounded: it exits by itself after 30 s). */
const LISTEN_AND_WAIT =
  "require('net').createServer().listen(0, '127.0.0.1', () => console.log('up')); setTimeout(() => process.exit(), 30000)";
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

  it.runIf(isRoot)('counts the processes the iterator serves now, not every process it ever read', async () => {
    // Each pass reads one new process (a child with a listener) by BPF, which then exits: a count of reads grew by one
    // a pass.
    process.env.NETSCOPE_FD_BPF = '1';
    const collectors = createLinuxCollectors({ socketEngine: 'netlink' });
    const served = async (): Promise<number> => {
      const { engine } = await collectors.connections.collect({ signal });
      return Number(/\((\d+) process/.exec(engine?.owners ?? '')?.[1] ?? NaN);
    };
    try {
      const first = await served();
      for (let pass = 0; pass < 12; pass++) {
        // A socket of its own: a pass reads owners only for sockets it does not know yet.
        const child = spawn(process.execPath, ['-e', LISTEN_AND_WAIT], { stdio: ['ignore', 'pipe', 'ignore'] });
        await once(child.stdout, 'data');
        await served();
        child.kill();
        await once(child, 'exit');
      }
      expect(first).toBeGreaterThan(0);
      // Other tests' processes may come and go meanwhile: a margin, well under the 12 a count of reads adds.
      expect(await served()).toBeLessThan(first + 6);
    } finally {
      await collectors.dispose?.();
    }
  });

  it('NETSCOPE_FD_BPF=0: /proc only, and the switch named if a large process asked for the iterator', async () => {
    expect(await ownersWith('0')).toMatch(
      /^\/proc\/<pid>\/fd links(; BPF fd iterator off: turned off \(NETSCOPE_FD_BPF=0\))?$/,
    );
  });
});
