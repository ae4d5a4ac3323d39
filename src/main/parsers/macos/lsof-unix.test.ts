/**
 * `lsof -nP -U -F pcuLfdn`, on output written from lsof's documented field format (man lsof, OUTPUT FOR
 * OTHER PROGRAMS): one field per line, its first character the field's tag; 'p' starts a process set
 * (c, u, L follow), 'f' starts a file set (t, d, n follow). For a UNIX socket, d is the socket's kernel
 * address and n its bound path, '->0x...' the peer's address, or both. -0 ends each field with NUL.
 */
import { describe, expect, it } from 'vitest';
import { kernelAddressKey, parseLsofUnixFields } from './lsof-unix';

const fields = (...lines: string[]): string => lines.join('\n') + '\n';

describe('kernelAddressKey', () => {
  it.each([
    ['0x5e2f0c1a7b3d9e11', '5e2f0c1a7b3d9e11'],
    ['0x00000000000ab', 'ab'],
    ['00ab', 'ab'],
    ['0XABCDEF', 'abcdef'],
    ['  0xfeed  ', 'feed'],
  ])('%j -> %j', (text, key) => {
    expect(kernelAddressKey(text)).toBe(key);
  });

  it.each(['', '0x0', '0', '0x', 'x12', '0x12g', 'path/0x12', '0x12 34'])('%j has no address', (text) => {
    expect(kernelAddressKey(text)).toBeNull();
  });
});

describe('parseLsofUnixFields', () => {
  it('reads process fields and each UNIX socket under the process set before it', () => {
    const text = fields(
      'p412',
      'cmDNSResponder',
      'u65',
      'L_mdnsresponder',
      'f3',
      'tunix',
      'd0x5e2f0c1a7b3d9e11',
      'n/var/run/mDNSResponder',
      'f4',
      'tunix',
      'd0x5e2f0c1a7b3d1a21',
      'n->0x5e2f0c1a7b3d4c71',
      'p501',
      'cSafari',
      'u501',
      'Lalice',
      'f7',
      'tunix',
      'd0x00000000000000ff',
      'n/tmp/x.sock ->0x5e2f0c1a7b3d9e11',
    );
    expect(parseLsofUnixFields(text)).toEqual({
      skipped: 0,
      files: [
        {
          pid: 412,
          command: 'mDNSResponder',
          uid: 65,
          user: '_mdnsresponder',
          address: '5e2f0c1a7b3d9e11',
          path: '/var/run/mDNSResponder',
          peerAddress: null,
        },
        {
          pid: 412,
          command: 'mDNSResponder',
          uid: 65,
          user: '_mdnsresponder',
          address: '5e2f0c1a7b3d1a21',
          path: null,
          peerAddress: '5e2f0c1a7b3d4c71',
        },
        {
          pid: 501,
          command: 'Safari',
          uid: 501,
          user: 'alice',
          address: 'ff',
          path: '/tmp/x.sock',
          peerAddress: '5e2f0c1a7b3d9e11',
        },
      ],
    });
  });

  it('reads -0 output (each field ended by NUL, each set by NUL and a newline) and CRLF lines', () => {
    const nul = 'p9\0cnc\0u0\0\nf5\0tunix\0d0x10\0n/run/a\0\n';
    expect(parseLsofUnixFields(nul).files).toEqual([
      { pid: 9, command: 'nc', uid: 0, user: null, address: '10', path: '/run/a', peerAddress: null },
    ]);
    const crlf = 'p9\r\ncnc\r\nf5\r\ntunix\r\nd0x10\r\nn->0x20\r\n';
    expect(parseLsofUnixFields(crlf).files).toEqual([
      { pid: 9, command: 'nc', uid: null, user: null, address: '10', path: null, peerAddress: '20' },
    ]);
  });

  it('keeps a process without c, u or L (lsof prints only what it could read)', () => {
    expect(parseLsofUnixFields(fields('p77', 'f1', 'tunix', 'd0x1', 'n')).files).toEqual([
      { pid: 77, command: null, uid: null, user: null, address: '1', path: null, peerAddress: null },
    ]);
  });

  it('a new process set forgets the previous owner fields', () => {
    const text = fields('p1', 'cfirst', 'u5', 'Lroot', 'p2', 'f3', 'tunix', 'd0xa', 'n/s');
    expect(parseLsofUnixFields(text).files).toEqual([
      { pid: 2, command: null, uid: null, user: null, address: 'a', path: '/s', peerAddress: null },
    ]);
  });

  it('a new file set forgets the previous file fields', () => {
    const text = fields('p1', 'f3', 'tunix', 'd0xa', 'n/s', 'f4', 'tunix', 'd0xb');
    expect(parseLsofUnixFields(text).files.map((f) => [f.address, f.path])).toEqual([
      ['a', '/s'],
      ['b', null],
    ]);
  });

  it('ignores files that are not UNIX sockets, whatever the case of the type', () => {
    const text = fields(
      'p1',
      'f3',
      'tIPv4',
      'd0xa',
      'nlocalhost:631',
      'f4',
      'tREG',
      'n/etc/hosts',
      'f5',
      'tUNIX',
      'd0xc',
      'f6',
      'd0xd',
    );
    const result = parseLsofUnixFields(text);
    expect(result.files.map((f) => f.address)).toEqual(['c']);
    expect(result.skipped).toBe(0);
  });

  it('counts UNIX sockets without an address, or before any process, as skipped', () => {
    const text = fields(
      'f1',
      'tunix',
      'd0x5',
      'p3',
      'f4',
      'tunix',
      'n/x',
      'f5',
      'tunix',
      'd0x0',
      'f6',
      'tunix',
      'd0x6',
    );
    const result = parseLsofUnixFields(text);
    expect(result.skipped).toBe(3);
    expect(result.files).toEqual([
      { pid: 3, command: null, uid: null, user: null, address: '6', path: null, peerAddress: null },
    ]);
  });

  it('counts a socket whose process id is unreadable as skipped, and reads a bad uid as unknown', () => {
    const text = fields('p-1', 'f1', 'tunix', 'd0x5', 'p8', 'uroot', 'f1', 'tunix', 'd0x7');
    const result = parseLsofUnixFields(text);
    expect(result.skipped).toBe(1);
    expect(result.files).toEqual([
      { pid: 8, command: null, uid: null, user: null, address: '7', path: null, peerAddress: null },
    ]);
  });

  it('ignores t, d and n fields outside a file set and unknown tags', () => {
    const text = fields('p1', 'tunix', 'd0x9', 'n/nowhere', 'g20', 'R1', 'f2', 'tunix', 'd0x3', 'k1', 'n/here');
    expect(parseLsofUnixFields(text)).toEqual({
      skipped: 0,
      files: [{ pid: 1, command: null, uid: null, user: null, address: '3', path: '/here', peerAddress: null }],
    });
  });

  it('reads a relative bound name as the path and no peer, and ignores fields after the name (o, T)', () => {
    const text = fields('p1', 'f2', 'tunix', 'd0x3', 'nface', 'o0t0', 'TST=CONNECTED');
    expect(parseLsofUnixFields(text).files.map((f) => [f.path, f.peerAddress])).toEqual([['face', null]]);
  });

  it('keeps a peer it cannot read as unknown, and a path with spaces whole', () => {
    const text = fields('p1', 'f2', 'tunix', 'd0x3', 'n/tmp/my sock ->?', 'f3', 'tunix', 'd0x4', 'n  /padded  ');
    expect(parseLsofUnixFields(text).files.map((f) => [f.path, f.peerAddress])).toEqual([
      ['/tmp/my sock', null],
      ['/padded', null],
    ]);
  });

  it('empty output, and garbage, give no files and throw nothing', () => {
    expect(parseLsofUnixFields('')).toEqual({ files: [], skipped: 0 });
    expect(parseLsofUnixFields("lsof: WARNING: can't stat() nfs file system\n\n\n")).toEqual({
      files: [],
      skipped: 0,
    });
  });
});
