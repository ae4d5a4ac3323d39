import { describe, expect, it } from 'vitest';
import { blankUnixSocket } from '../../../shared/unix-socket';
import { parseProcNetUnix, parseProcNetUnixLine, unixStateFromCodes, unixTypeFromCode } from './proc-net-unix';

// net/unix/af_unix.c unix_seq_show: '%pK: %08X %08X %08X %04X %02X %5lu', then ' ' and the name when bound.
const ROW = '00000000ca932692: 00000003 00000000 00000000 0001 03 4844747';

describe('parseProcNetUnix on the edges of the format', () => {
  it('reads a CRLF copy, padded rows and the header with or without Path and trailing blanks', () => {
    const text = [
      'Num       RefCount Protocol Flags    Type St Inode Path   ',
      `${ROW} /run/a`,
      `  ${ROW.replace('4844747', '   12')}`,
      'Num       RefCount Protocol Flags    Type St Inode',
      '',
    ].join('\r\n');
    const result = parseProcNetUnix(text);
    expect(result.skipped).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.data.unixSockets).toEqual([
      blankUnixSocket({ type: 'stream', state: 'CONNECTED', path: '/run/a', inode: 4844747 }),
      blankUnixSocket({ type: 'stream', state: 'CONNECTED', path: null, inode: 12 }),
    ]);
  });

  it('keeps a CR inside a name (only a line end CR is dropped), and is silent on blank lines and an indented header', () => {
    const text = `  Num       RefCount Protocol Flags    Type St Inode Path\n   \n${ROW} @a\rb\n\t\n`;
    const result = parseProcNetUnix(text);
    expect(result.skipped).toEqual([]);
    expect(result.data.unixSockets?.map((s) => s.path)).toEqual(['@a\rb']);
  });

  it('skips a row whose inode is past 2^53 (not exact), with a short field, or with no blank before the path', () => {
    const bad = [
      ROW.replace('4844747', '90071992547409930'),
      ROW.replace(' 0001 ', ' 001 '),
      ROW.replace(' 03 ', ' 3 '),
      `${ROW}/run/a`,
    ];
    const result = parseProcNetUnix([...bad, ROW].join('\n'));
    expect(result.skipped).toEqual(bad);
    expect(result.data.unixSockets).toHaveLength(1);
    expect(parseProcNetUnixLine(ROW.replace('4844747', '9007199254740991'))?.inode).toBe(9007199254740991);
  });

  it('reads LISTENING from __SO_ACCEPTCON whatever other flag bits or state say', () => {
    expect(unixStateFromCodes(0x10000, 1)).toBe('LISTENING');
    expect(unixStateFromCodes(0x3ffff, 9)).toBe('LISTENING');
    expect(unixStateFromCodes(0x0ffff, 1)).toBe('UNCONNECTED');
    expect(unixStateFromCodes(0, 0)).toBe('UNKNOWN');
    expect(unixStateFromCodes(0, 5)).toBe('UNKNOWN');
  });

  it('names the socket types the kernel prints, anything else unknown', () => {
    expect([1, 2, 5, 3, 0].map(unixTypeFromCode)).toEqual(['stream', 'dgram', 'seqpacket', 'unknown', 'unknown']);
  });
});
