import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { INVOKE_METHODS, type InvokeMethod } from './channels';
import { isIPv4, isIPv6 } from './addresses';
import { validateClientMessage, validateInvoke, type ValidInvoke } from './validate';

const NO_ARG_METHODS: InvokeMethod[] = [
  'getSnapshot',
  'getStatus',
  'getCapabilities',
  'pause',
  'resume',
  'refreshNow',
  'elevateOwners',
];

function accepted(method: unknown, args: unknown): ValidInvoke {
  const v = validateInvoke(method, args);
  if (!v.ok) throw new Error(`expected ${String(method)} to validate: ${v.error.message}`);
  return v;
}
function rejected(method: unknown, args: unknown): string {
  const v = validateInvoke(method, args);
  if (v.ok) throw new Error(`expected ${String(method)}(${JSON.stringify(args)}) to be rejected`);
  expect(v.error.code).toBe('invalid-argument');
  return v.error.message;
}

describe('validateInvoke: methods', () => {
  it('knows exactly the INVOKE_CHANNELS methods', () => {
    for (const m of [
      '',
      'toString',
      '__proto__',
      'constructor',
      'hasOwnProperty',
      'GETSNAPSHOT',
      42,
      null,
      undefined,
    ]) {
      expect(rejected(m, [])).toBe('unknown method');
    }
  });
  it('requires an args array', () => {
    for (const args of [undefined, null, {}, 'x', 0, { length: 0 }]) rejected('getStatus', args);
  });
  it.each(NO_ARG_METHODS)('%s takes no arguments', (m) => {
    expect(accepted(m, [])).toEqual({ ok: true, method: m, args: [] });
    rejected(m, [undefined]);
    rejected(m, [1]);
    rejected(m, [{}, {}]);
  });
  it('every method has a validator (no method throws or accepts garbage)', () => {
    for (const m of INVOKE_METHODS) expect(() => validateInvoke(m, [Symbol('x'), 1n])).not.toThrow();
    for (const m of INVOKE_METHODS) expect(validateInvoke(m, [Symbol('x')]).ok).toBe(false);
  });
});

describe('setInterval', () => {
  it('accepts 200..3_600_000 ms', () => {
    for (const ms of [200, 500, 1000, 1500.5, 3_600_000]) expect(accepted('setInterval', [ms]).args).toEqual([ms]);
  });
  it('rejects out of range, non-finite, wrong types and arity', () => {
    for (const ms of [199, 0, -1, 3_600_001, NaN, Infinity, -Infinity, '1000', null, true, [1000], { ms: 1000 }]) {
      rejected('setInterval', [ms]);
    }
    rejected('setInterval', []);
    rejected('setInterval', [1000, 1000]);
  });
});

describe('setUnixSockets and setTcpTemplates', () => {
  it('accept exactly one boolean', () => {
    for (const method of ['setUnixSockets', 'setTcpTemplates'] as const) {
      expect(accepted(method, [true]).args).toEqual([true]);
      expect(accepted(method, [false]).args).toEqual([false]);
    }
  });
  it('reject other values and arity', () => {
    for (const method of ['setUnixSockets', 'setTcpTemplates'] as const) {
      for (const v of ['true', 1, 0, null, [true], { enabled: true }]) {
        expect(rejected(method, [v])).toMatch(/enabled must be true or false/);
      }
      rejected(method, []);
      rejected(method, [true, false]);
    }
  });
});

describe('connectRemote', () => {
  it('accepts a URL as text (the main process parses it and says what is wrong)', () => {
    expect(accepted('connectRemote', ['http://127.0.0.1:7870/#token=x']).args).toEqual([
      'http://127.0.0.1:7870/#token=x',
    ]);
  });
  it('rejects empty, huge, NUL-bearing and non-text values', () => {
    for (const url of ['', 'x'.repeat(2049), 'a\0b', 7, null, ['http://x']]) rejected('connectRemote', [url]);
    rejected('connectRemote', []);
  });
});

describe('getProcessDetails', () => {
  it('accepts integer pids 1..2^31-1', () => {
    for (const pid of [1, 4, 65535, 2 ** 31 - 1]) expect(accepted('getProcessDetails', [pid]).args).toEqual([pid]);
  });
  it('rejects 0 (System Idle on Windows), negatives, fractions, huge and non-numbers', () => {
    for (const pid of [0, -1, 1.5, 2 ** 31, NaN, Infinity, '4', null, undefined, [4]])
      rejected('getProcessDetails', [pid]);
    rejected('getProcessDetails', [4, 5]);
  });
});

describe('endProcess', () => {
  it('accepts { pid, startTime } with a number or null', () => {
    expect(accepted('endProcess', [{ pid: 42, startTime: 1_700_000_000_000 }]).args).toEqual([
      { pid: 42, startTime: 1_700_000_000_000 },
    ]);
    expect(accepted('endProcess', [{ pid: 42, startTime: null }]).args).toEqual([{ pid: 42, startTime: null }]);
  });
  it('accepts a null-prototype object (structured clone may produce one)', () => {
    const o = Object.assign(Object.create(null) as object, { pid: 7, startTime: null });
    expect(accepted('endProcess', [o]).args).toEqual([{ pid: 7, startTime: null }]);
  });
  it('rejects missing or extra keys, bad pids and start times', () => {
    const bad: unknown[] = [
      { pid: 42 },
      { startTime: null },
      { pid: 42, startTime: null, force: true },
      { pid: 0, startTime: null },
      { pid: '42', startTime: null },
      { pid: 42, startTime: NaN },
      { pid: 42, startTime: -5 },
      { pid: 42, startTime: '2024' },
      { pid: 42, startTime: undefined },
      [42, null],
      null,
      42,
      new Date(),
      Object.assign(Object.create({ injected: 1 }) as object, { pid: 1, startTime: null }),
      { pid: 42, startTime: null, [Symbol('s')]: 1 },
    ];
    for (const r of bad) rejected('endProcess', [r]);
    rejected('endProcess', [{ pid: 42, startTime: null }, 'extra']);
  });
  it('rejects prototype-pollution keys from JSON', () => {
    rejected('endProcess', [JSON.parse('{"pid":1,"startTime":null,"__proto__":{"polluted":true}}')]);
    rejected('endProcess', [JSON.parse('{"pid":1,"__proto__":null}')]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
  it("returns a fresh object, not the caller's", () => {
    const input = { pid: 9, startTime: 5 };
    const v = accepted('endProcess', [input]);
    expect(v.args[0]).not.toBe(input);
  });
});

describe('exportCsv', () => {
  const csv = 'Proto,PID\r\ntcp,1\r\n';
  it('accepts the CSV text the page built and a plain .csv file name', () => {
    const request = { csv, fileName: 'netscope-2024-05-01T10-20-30.csv' };
    expect(accepted('exportCsv', [request]).args).toEqual([request]);
    expect(accepted('exportCsv', [{ csv: '', fileName: 'x.csv' }]).ok).toBe(true);
  });
  it('rejects file names that are paths, hidden tricks or not .csv', () => {
    for (const fileName of [
      '',
      '.csv',
      'a/b.csv',
      'a\\b.csv',
      '../x.csv',
      'C:x.csv',
      'x.txt',
      'x\u0000.csv',
      5,
      null,
    ]) {
      rejected('exportCsv', [{ csv, fileName }]);
    }
    rejected('exportCsv', [{ csv, fileName: `${'x'.repeat(252)}.csv` }]);
  });
  it('rejects a missing or non-text csv, extra keys and prototype tricks', () => {
    rejected('exportCsv', [{ fileName: 'x.csv' }]);
    rejected('exportCsv', [{ csv: 1, fileName: 'x.csv' }]);
    rejected('exportCsv', [{ csv: ['a'], fileName: 'x.csv' }]);
    rejected('exportCsv', [{ csv, fileName: 'x.csv', extra: 1 }]);
    rejected('exportCsv', [JSON.parse('{"csv":"a","fileName":"x.csv","__proto__":{}}')]);
  });
});

describe('revealFile', () => {
  it('accepts absolute POSIX, drive and UNC paths', () => {
    for (const p of [
      '/usr/bin/ssh',
      'C:\\Windows\\System32\\svchost.exe',
      'd:/tools/x.exe',
      '\\\\server\\share\\a.exe',
    ]) {
      expect(accepted('revealFile', [p]).args).toEqual([p]);
    }
  });
  it('rejects relative, empty, NUL, overlong and non-strings', () => {
    for (const p of [
      '',
      'relative/x',
      './x',
      'C:relative',
      'C:',
      '/tmp/a\0b',
      '/' + 'a'.repeat(4096),
      1,
      null,
      ['/x'],
      'file:///etc/passwd',
    ]) {
      rejected('revealFile', [p]);
    }
    rejected('revealFile', ['/a', '/b']);
  });
});

describe('resolveHost and the IP checkers', () => {
  const v4ok = ['0.0.0.0', '127.0.0.1', '255.255.255.255', '10.0.0.1', '192.168.1.20'];
  const v4bad = [
    '256.0.0.1',
    '1.2.3',
    '1.2.3.4.5',
    '01.2.3.4',
    '1.2.3.04',
    ' 1.2.3.4',
    '1.2.3.4 ',
    '1..3.4',
    '0x1.2.3.4',
    '1.2.3.-4',
    '',
    '1e2.1.1.1',
  ];
  const v6ok = [
    '::',
    '::1',
    'fe80::1',
    '2001:db8::8a2e:370:7334',
    '2001:0db8:0000:0000:0000:ff00:0042:8329',
    '1:2:3:4:5:6:7::',
    '::ffff:192.0.2.128',
    '64:ff9b::1.2.3.4',
    '1:2:3:4:5:6:1.2.3.4',
    'fe80::1%eth0',
    'fe80::1%12',
    'FE80::ABCD',
  ];
  const v6bad = [
    ':',
    ':::',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7:8::',
    '1::2::3',
    '12345::',
    'g::1',
    '::1%',
    '::1%a b',
    '[::1]',
    '::ffff:256.1.1.1',
    '1:2:3:4:5:6:7:1.2.3.4',
    '::1.2.3',
    'fe80::1%eth0%x',
    ':1::',
    '1:',
  ];
  it('checks IPv4 strictly', () => {
    for (const s of v4ok) expect(isIPv4(s), s).toBe(true);
    for (const s of v4bad) expect(isIPv4(s), s).toBe(false);
  });
  it('checks IPv6 strictly', () => {
    for (const s of v6ok) expect(isIPv6(s), s).toBe(true);
    for (const s of v6bad) expect(isIPv6(s), s).toBe(false);
  });
  it('resolveHost accepts only IP literals', () => {
    for (const s of [...v4ok, ...v6ok]) expect(accepted('resolveHost', [s]).args).toEqual([s]);
    for (const s of [...v4bad, ...v6bad, 'localhost', 'example.com', 1, null]) rejected('resolveHost', [s]);
    rejected('resolveHost', ['1.2.3.4', '5.6.7.8']);
  });
});

describe('validateClientMessage', () => {
  it('accepts a well-formed invoke and returns the typed call', () => {
    const v = validateClientMessage({ type: 'invoke', id: 3, method: 'setInterval', args: [1000] });
    expect(v).toEqual({ ok: true, id: 3, call: { ok: true, method: 'setInterval', args: [1000] } });
  });
  it('recovers the id for a bad call so the server can answer', () => {
    const v = validateClientMessage({ type: 'invoke', id: 4, method: 'setInterval', args: [1] });
    expect(v.ok).toBe(false);
    expect(v.id).toBe(4);
    const w = validateClientMessage({ type: 'invoke', id: 5, method: 'nope', args: [] });
    expect(w).toMatchObject({ ok: false, id: 5, error: { code: 'invalid-argument' } });
  });
  it('rejects malformed envelopes', () => {
    const bad: unknown[] = [
      null,
      1,
      'x',
      [],
      {},
      { type: 'result', id: 1, method: 'getStatus', args: [] },
      { type: 'invoke', id: 1.5, method: 'getStatus', args: [] },
      { type: 'invoke', id: '1', method: 'getStatus', args: [] },
      { type: 'invoke', id: 2 ** 60, method: 'getStatus', args: [] },
      { type: 'invoke', id: 1, method: 'getStatus' },
      { type: 'invoke', id: 1, method: 'getStatus', args: {} },
      { type: 'invoke', id: 1, method: 'getStatus', args: [], extra: true },
      JSON.parse('{"type":"invoke","id":1,"method":"getStatus","args":[],"__proto__":{"x":1}}'),
    ];
    for (const m of bad) expect(validateClientMessage(m).ok, JSON.stringify(m)).toBe(false);
  });
});

describe('properties', () => {
  const methodArb = fc.oneof(fc.constantFrom(...INVOKE_METHODS), fc.string());
  it('arbitrary JSON never throws, and whatever validates has the right types', () => {
    fc.assert(
      fc.property(methodArb, fc.jsonValue(), (method, args) => {
        const v = validateInvoke(method, args);
        if (!v.ok) return;
        assertWellTyped(v);
      }),
      { numRuns: 2000 },
    );
  });
  it('arbitrary argument arrays never throw and never validate wrong types', () => {
    fc.assert(
      fc.property(methodArb, fc.array(fc.oneof(fc.anything(), fc.jsonValue()), { maxLength: 3 }), (method, args) => {
        const v = validateInvoke(method, args);
        if (v.ok) assertWellTyped(v);
      }),
      { numRuns: 2000 },
    );
  });
  it('arbitrary client messages never throw', () => {
    const envelope = fc.record({
      type: fc.constantFrom('invoke', 'x'),
      id: fc.oneof(fc.integer(), fc.double()),
      method: methodArb,
      args: fc.jsonValue(),
    });
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), envelope), (raw) => {
        const v = validateClientMessage(raw);
        if (v.ok) {
          expect(Number.isSafeInteger(v.id)).toBe(true);
          assertWellTyped(v.call);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

function assertWellTyped(v: ValidInvoke): void {
  const a: readonly unknown[] = v.args;
  switch (v.method) {
    case 'setInterval':
      expect(a).toHaveLength(1);
      expect(Number.isFinite(a[0])).toBe(true);
      break;
    case 'getProcessDetails':
      expect(Number.isInteger(a[0])).toBe(true);
      expect(a[0] as number).toBeGreaterThan(0);
      break;
    case 'endProcess':
      expect(Object.keys(a[0] as object).sort()).toEqual(['pid', 'startTime']);
      break;
    case 'exportCsv':
      expect(typeof (a[0] as { csv: unknown }).csv).toBe('string');
      break;
    case 'setUnixSockets':
    case 'setTcpTemplates':
      expect(a).toHaveLength(1);
      expect(typeof a[0]).toBe('boolean');
      break;
    case 'revealFile':
    case 'resolveHost':
    case 'connectRemote':
      expect(typeof a[0]).toBe('string');
      break;
    default:
      expect(a).toHaveLength(0);
  }
}
