/**
 * The refusals the other validate tests reach only by their verdict: every one-argument method says how
 * many arguments it got (not a type error about a value it never had), an object with the right number of
 * keys but a wrong one is refused for its keys, a file name that only stringifies to a .csv name is no
 * file name, and the socket engine names its choices.
 */
import { describe, expect, it } from 'vitest';
import type { InvokeMethod } from './channels';
import { validateClientMessage, validateInvoke } from './validate';

const refusal = (method: InvokeMethod, args: unknown[]): string => {
  const v = validateInvoke(method, args);
  if (v.ok) throw new Error(`${method} ${JSON.stringify(args)} was accepted`);
  expect(v.error.code).toBe('invalid-argument');
  return v.error.message;
};

const ONE_ARGUMENT: [InvokeMethod, unknown][] = [
  ['setInterval', 1000],
  ['setUnixSockets', true],
  ['setTcpTemplates', false],
  ['setSocketEngine', 'auto'],
  ['exportCsv', { csv: '', fileName: 'a.csv' }],
  ['getProcessDetails', 4],
  ['endProcess', { pid: 4, startTime: null }],
  ['revealFile', '/usr/bin/ssh'],
  ['resolveHost', '::1'],
  ['connectRemote', 'http://127.0.0.1:7870/'],
];

describe('one-argument methods', () => {
  it.each(ONE_ARGUMENT)('%s accepts its one argument and says how many it got otherwise', (method, value) => {
    expect(validateInvoke(method, [value]).ok).toBe(true);
    expect(refusal(method, [])).toBe(`${method}: expected 1 argument, got 0`);
    expect(refusal(method, [value, value])).toBe(`${method}: expected 1 argument, got 2`);
  });
});

describe('objects with one key swapped for another', () => {
  it('are refused for their keys, not for the value they lack', () => {
    expect(refusal('endProcess', [{ pid: 1, extra: null }])).toBe(
      'endProcess: expected { pid, startTime } and no other keys',
    );
    expect(refusal('endProcess', [{ startTime: null, process: 1 }])).toBe(
      'endProcess: expected { pid, startTime } and no other keys',
    );
    expect(refusal('exportCsv', [{ csv: 'a', name: 'a.csv' }])).toBe(
      'exportCsv: expected { csv, fileName } and no other keys',
    );
  });
});

describe('exportCsv file names', () => {
  it('must be text: an array or object that prints as a .csv name is refused', () => {
    const printsAsCsvName = { toString: () => 'a.csv' };
    for (const fileName of [['a.csv'], printsAsCsvName]) {
      expect(refusal('exportCsv', [{ csv: '', fileName }])).toBe(
        'exportCsv: fileName must be a plain file name ending in .csv',
      );
    }
  });
});

describe('setSocketEngine', () => {
  it('accepts procfs, netlink and auto, and names them when refusing', () => {
    for (const engine of ['procfs', 'netlink', 'auto']) {
      expect(validateInvoke('setSocketEngine', [engine])).toEqual({
        ok: true,
        method: 'setSocketEngine',
        args: [engine],
      });
    }
    for (const engine of ['', 'AUTO', 'ebpf', 1, null]) {
      expect(refusal('setSocketEngine', [engine])).toBe('setSocketEngine: engine must be one of procfs, netlink, auto');
    }
  });
});

describe('revealFile, resolveHost and connectRemote name their rule', () => {
  it('for a value of the wrong type', () => {
    expect(refusal('revealFile', [42])).toBe('revealFile: path must be an absolute path of at most 4096 characters');
    expect(refusal('resolveHost', [42])).toBe('resolveHost: address must be an IPv4 or IPv6 literal');
    expect(refusal('connectRemote', [''])).toBe('connectRemote: url must be text of 1 to 2048 characters');
    expect(validateInvoke('connectRemote', ['x'.repeat(2048)]).ok).toBe(true);
    expect(refusal('setUnixSockets', ['yes'])).toBe('setUnixSockets: enabled must be true or false');
    expect(refusal('setTcpTemplates', [1])).toBe('setTcpTemplates: enabled must be true or false');
  });
});

describe('method names', () => {
  it('must be text: an array or object that prints as a method name is no method', () => {
    // A WebSocket client can send any JSON: ["getStatus"] prints as "getStatus" and is an own key lookup away.
    for (const method of [['getStatus'], { toString: () => 'pause' }]) {
      expect(validateInvoke(method, [])).toEqual({
        ok: false,
        error: { code: 'invalid-argument', message: 'unknown method' },
      });
      expect(validateClientMessage({ type: 'invoke', id: 1, method, args: [] })).toMatchObject({
        ok: false,
        id: 1,
        error: { message: 'unknown method' },
      });
    }
  });
});

describe('WebSocket messages that are no object', () => {
  it('are refused as such, with no id', () => {
    for (const raw of ['x', 42, true, undefined, null, []]) {
      expect(validateClientMessage(raw), String(raw)).toEqual({
        ok: false,
        id: null,
        error: { code: 'invalid-argument', message: 'message must be an object' },
      });
    }
  });
});
