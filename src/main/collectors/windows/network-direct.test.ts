import { describe, expect, it } from 'vitest';
import { readNetworkDirect } from './network-direct';
import type { CommandRunner } from './run';

const output =
  (text: string): CommandRunner =>
  async () => ({
    stdout: new TextEncoder().encode(text),
    stderr: new Uint8Array(),
    code: 0,
  });

describe('netstat -x for -x on Windows', () => {
  it('runs netstat -x and reads its endpoints', async () => {
    const calls: string[][] = [];
    const run: CommandRunner = async (name, args) => {
      calls.push([name, ...args]);
      return output(
        'Active NetworkDirect Connections, Listeners, SharedEndpoints\r\n\r\n  Kernel  4 Listener  10.0.0.1:445  NA  0\r\n',
      )(name, args);
    };
    const reading = await readNetworkDirect(run);
    expect(calls).toEqual([['netstat', '-x']]);
    expect(reading.endpoints.map((e) => e.type)).toEqual(['Listener']);
    expect(reading.warnings).toEqual([]);
  });

  it('says when netstat printed no NetworkDirect listing, and when it failed', async () => {
    const other = await readNetworkDirect(
      output('\r\nActive Connections\r\n  TCP 1.2.3.4:1 5.6.7.8:2 ESTABLISHED\r\n'),
    );
    expect(other).toEqual({
      endpoints: [],
      warnings: ['netstat -x printed no NetworkDirect listing (this Windows has none)'],
    });
    const failed = await readNetworkDirect(() => Promise.reject(new Error('timed out')));
    expect(failed.warnings).toEqual(['netstat -x failed: timed out']);
  });
});
