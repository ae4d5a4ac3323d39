import { describe, expect, it } from 'vitest';
import { lookupProcesses } from './processes';
import type { CommandRunner } from './run';

describe('lookupProcesses', () => {
  it('names the System Idle Process (0) and System (4) without starting tasklist on every refresh', async () => {
    const calls: string[] = [];
    const run: CommandRunner = async (file, args) => {
      calls.push([file, ...args].join(' '));
      return {
        code: 0,
        stdout: Buffer.from('"svchost.exe","1712","Services","0","10,000 K"\r\n'),
        stderr: new Uint8Array(),
      };
    };
    const kernelOnly = await lookupProcesses([0, 4, 0], { reader: null, run });
    expect([...kernelOnly.infos.values()].map((i) => [i.pid, i.name])).toEqual([
      [0, 'System Idle Process'],
      [4, 'System'],
    ]);
    expect(kernelOnly.unreadable.size).toBe(0);
    expect(calls).toEqual([]);

    const withUserProcess = await lookupProcesses([4, 1712], { reader: null, run });
    expect(withUserProcess.infos.get(1712)?.name).toBe('svchost.exe');
    expect([...withUserProcess.unreadable]).toEqual([1712]);
    expect(calls).toEqual(['tasklist /fo csv /nh']);
  });
});
