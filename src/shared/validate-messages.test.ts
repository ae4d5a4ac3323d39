/**
 * What each refusal says (the caller sees it: a clear error is part of the
 * contract) and the exact edges of each limit.
 */
import { describe, expect, it } from 'vitest';
import { validateClientMessage, validateInvoke } from './validate';

const message = (method: unknown, args: unknown): string => {
  const v = validateInvoke(method, args);
  if (v.ok) throw new Error(`${String(method)} ${JSON.stringify(args)} was accepted`);
  expect(v.error.code).toBe('invalid-argument');
  return v.error.message;
};

describe('refusals name the method and the rule', () => {
  it.each([
    ['getStatus', [1], 'getStatus: expected no arguments, got 1'],
    ['setInterval', [], 'setInterval: expected 1 argument, got 0'],
    ['setInterval', [1, 2], 'setInterval: expected 1 argument, got 2'],
    ['setInterval', [50], 'setInterval: interval must be a number of milliseconds from 200 to 3600000'],
    ['setInterval', ['1000'], 'setInterval: interval must be a number of milliseconds from 200 to 3600000'],
    ['getProcessDetails', [0], 'getProcessDetails: pid must be an integer from 1 to 2147483647'],
    ['endProcess', [{ pid: 1 }], 'endProcess: expected { pid, startTime } and no other keys'],
    ['endProcess', [{ pid: 0, startTime: null }], 'endProcess: pid must be an integer from 1 to 2147483647'],
    ['endProcess', [{ pid: 1, startTime: -1 }], 'endProcess: startTime must be a non-negative number or null'],
    ['endProcess', [{ pid: 1, startTime: '1' }], 'endProcess: startTime must be a non-negative number or null'],
    ['exportCsv', [{ csv: 'a' }], 'exportCsv: expected { csv, fileName } and no other keys'],
    ['exportCsv', [{ csv: 1, fileName: 'a.csv' }], 'exportCsv: csv must be text of at most 268435456 characters'],
    ['exportCsv', [{ csv: 'a', fileName: 'a/b.csv' }], 'exportCsv: fileName must be a plain file name ending in .csv'],
    ['revealFile', ['rel/path'], 'revealFile: path must be an absolute path of at most 4096 characters'],
    ['resolveHost', ['localhost'], 'resolveHost: address must be an IPv4 or IPv6 literal'],
  ] as const)('%s %j', (method, args, expected) => {
    expect(message(method, args)).toBe(expected);
  });

  it('says when the method is unknown or the arguments are no array', () => {
    expect(message('nope', [])).toBe('unknown method');
    expect(message('hasOwnProperty', [])).toBe('unknown method');
    expect(message('pause', {})).toBe('pause: arguments must be an array');
  });
});

describe('limits at their edges', () => {
  it('startTime 0 and null are accepted', () => {
    expect(validateInvoke('endProcess', [{ pid: 1, startTime: 0 }]).ok).toBe(true);
    expect(validateInvoke('endProcess', [{ pid: 1, startTime: null }]).ok).toBe(true);
  });

  it('a path of 4096 characters is accepted, 4097 is not', () => {
    const at = `/${'a'.repeat(4095)}`;
    expect(validateInvoke('revealFile', [at]).ok).toBe(true);
    expect(validateInvoke('revealFile', [`${at}a`]).ok).toBe(false);
  });

  it('absolute means POSIX, a Windows drive or a UNC share', () => {
    for (const p of ['/x', 'C:\\x', 'c:/x', '\\\\server\\share'])
      expect(validateInvoke('revealFile', [p]).ok, p).toBe(true);
    for (const p of ['x', 'C:x', '\\\\\\x', '\\\\/x', '\\x', '', '/a\0b'])
      expect(validateInvoke('revealFile', [p]).ok, p).toBe(false);
  });

  it('a file name is a plain name ending in .csv, of at most 255 characters', () => {
    const ok = (fileName: string) => validateInvoke('exportCsv', [{ csv: '', fileName }]).ok;
    expect(ok('a.csv')).toBe(true);
    expect(ok(`${'a'.repeat(251)}.csv`)).toBe(true);
    expect(ok(`${'a'.repeat(252)}.csv`)).toBe(false);
    for (const bad of ['.csv', 'a.txt', 'a.csv.txt', 'x\\a.csv', 'a:b.csv', 'a\u0001.csv', 'a.CSV '])
      expect(ok(bad), bad).toBe(false);
  });

  it('an object must have exactly its keys', () => {
    expect(validateInvoke('endProcess', [{ pid: 1, startTime: null, extra: 1 }]).ok).toBe(false);
    expect(validateInvoke('endProcess', [{ pid: 1, extra: null }]).ok).toBe(false);
    expect(validateInvoke('endProcess', [Object.assign(Object.create(null), { pid: 1, startTime: null })]).ok).toBe(
      true,
    );
    expect(validateInvoke('endProcess', [Object.assign(Object.create({}), { pid: 1, startTime: null })]).ok).toBe(
      false,
    );
  });
});

describe('WebSocket envelopes', () => {
  it('say what is wrong with them', () => {
    expect(validateClientMessage([])).toMatchObject({
      ok: false,
      id: null,
      error: { message: 'message must be an object' },
    });
    expect(validateClientMessage({ type: 'invoke', id: 1 })).toMatchObject({
      id: 1,
      error: { message: 'message must have exactly type, id, method and args' },
    });
    expect(validateClientMessage({ type: 'push', id: 2, method: 'pause', args: [] })).toMatchObject({
      id: 2,
      error: { message: 'unknown message type' },
    });
    expect(validateClientMessage({ type: 'invoke', id: 1.5, method: 'pause', args: [] })).toMatchObject({
      id: null,
      error: { message: 'id must be an integer' },
    });
  });
});
